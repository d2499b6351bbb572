# Guards: a truncated .gz input is a data error (exit 1) whose one message names the file and says
# it is truncated; it is never taken for the end of the data.
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
awk 'BEGIN { print "user,item,ts,event"; for (i = 1; i <= 3000; i++) print "u" i ",i" i "," 1709287200 + i ",view" }' |
    gzip -c >full.gz
head -c $(($(wc -c <full.gz) / 2)) full.gz >trunc.csv.gz
ec-ingest trunc.csv.gz >/dev/null 2>err
echo "exit=$?"
cut -d: -f1,2 err
grep -ci truncated err
