# Guards: several input files are read one after the other as one stream; the second file's header
# (equal to the first's) is skipped; messages name the right file and line.
ec-ingest data/day1.csv data/day2.csv
ec-ingest data/day1.csv data/two-bad.csv >/dev/null
echo "exit=$?"
