# Guards: -o /dev/stdout and --rejects /dev/stderr write to the descriptor as
# the shell opened it (an append redirection keeps what the file held), and
# a replaced -o/--rejects file keeps its permissions (rejects hold raw
# personal data: a 0600 file must stay 0600).
t=$(mktemp -d)
printf 'ts,user,item,event\n2024-03-01,u1,i1,view\n2024-03-01,,i1,view\n' > "$t/in.csv"
echo old > "$t/f"
echo prev > "$t/err.log"
(cd "$t" && ec-ingest -q -o /dev/stdout --rejects /dev/stderr in.csv >> f 2>> err.log)
echo "exit=$?"
cat "$t/f" "$t/err.log"
: > "$t/rej.jsonl"
chmod 600 "$t/rej.jsonl"
ec-ingest -q --rejects "$t/rej.jsonl" -o "$t/out.jsonl" "$t/in.csv"
stat -c '%a' "$t/rej.jsonl"
rm -rf "$t"
