# Guards: Chinese (and other non-ASCII) text passes byte-exact to JSONL and CSV output, never escaped
# as \uXXXX or altered.
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
ec-ingest -q data/chinese.csv
ec-ingest -q --of csv data/chinese.csv >"$t/out.csv"
cat "$t/out.csv"
sed -n 2p data/chinese.csv | cut -d, -f5 >"$t/in.txt"
sed -n 2p "$t/out.csv" | cut -d, -f12 >"$t/out.txt"
cmp -s "$t/in.txt" "$t/out.txt" && echo "text bytes identical"
