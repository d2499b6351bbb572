# Guards: a tar.gz of daily CSV files with the same header reads as one stream: the second header
# is skipped and records come in archive order (day2.csv was added first), not name order.
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
cp data/day1.csv data/day2.csv "$t/"
tar -C "$t" -czf "$t/x.tar.gz" day2.csv day1.csv
cd "$t" && ec-ingest x.tar.gz
