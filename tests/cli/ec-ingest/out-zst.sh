# Guards: -o FILE.zst writes a zstd file that zstd -dc reads back; nothing goes to stdout.
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
ec-ingest -q -o "$t/events.jsonl.zst" data/events.csv
echo "exit=$?"
zstd -dc "$t/events.jsonl.zst"
