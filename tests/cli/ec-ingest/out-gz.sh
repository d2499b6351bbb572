# Guards: -o FILE.gz writes a gzip file (here with --of csv) that gzip -dc reads back.
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
ec-ingest -q --of csv -o "$t/out.csv.gz" data/events.csv
echo "exit=$?"
gzip -dc "$t/out.csv.gz"
