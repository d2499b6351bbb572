# Guards: empty, NA, null, NULL and \N all mean "missing": a missing user is rejected, a missing
# optional field (price, a search's item) is left out; JSON null likewise.
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
ec-ingest --rejects "$t/rej.jsonl" data/missing.csv
cat "$t/rej.jsonl"
ec-ingest --rejects "$t/rej.jsonl" data/missing.jsonl
cat "$t/rej.jsonl"
