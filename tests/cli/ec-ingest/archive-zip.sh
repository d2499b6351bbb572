# Guards: a zip of daily CSV files reads like a tar: members in archive order, repeated header skipped.
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
cp data/day1.csv data/day2.csv "$t/"
(cd "$t" && zip -q x.zip day1.csv day2.csv)
cd "$t" && ec-ingest x.zip
