# Guards: a time before 1990 is rejected (one second before is out; 1990-01-01T00:00:00Z itself is in).
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
ec-ingest -q --rejects "$t/rej.jsonl" data/reject-before-1990.csv
ec-ingest data/reject-before-1990.csv >/dev/null
