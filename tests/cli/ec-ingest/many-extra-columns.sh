# Guards: --keep-extra with a thousand extra columns (the record buffers
# were fixed arrays: more than 256 extras crashed).
t=$(mktemp -d)
{ printf 'ts,user,item,event'; for i in $(seq 1000); do printf ',x%d' "$i"; done
  printf '\n2024-03-01,u,i,view'; for i in $(seq 1000); do printf ',%d' "$i"; done; echo; } > "$t/w.csv"
ec-ingest -q --keep-extra "$t/w.csv" | tr ',' '\n' | sed -n '1,5p;1003,1004p'
echo "exit=$?"
rm -rf "$t"
