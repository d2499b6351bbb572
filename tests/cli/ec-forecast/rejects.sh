# Guards: NaN is a bad record (fatal without --rejects, exit 1); --fill error;
# off-grid times; --max-errors.
printf 'series,ts,value\na,2024-01-01,1\na,2024-01-02,nan\na,2024-01-03,2\n' > "$EC_TMP/nan.csv"
ec-forecast -q -h 1 "$EC_TMP/nan.csv" 2> "$EC_TMP/err"
echo "exit $?"
sed "s|$EC_TMP/||" "$EC_TMP/err"
ec-forecast -q -h 1 --model naive --rejects "$EC_TMP/r.jsonl" "$EC_TMP/nan.csv"
sed "s|$EC_TMP/||" "$EC_TMP/r.jsonl"
echo "-- --fill error"
ec-forecast -q -h 1 --fill error --rejects "$EC_TMP/r2.jsonl" data/small.csv | cut -d, -f1 | uniq
sed "s|\"source\":\"[^\"]*/|\"source\":\"|" "$EC_TMP/r2.jsonl"
echo "-- off the hourly grid"
printf 'series,ts,value\nh,2024-01-01T00:00:00Z,1\nh,2024-01-01T01:00:00Z,2\nh,2024-01-01T01:30:00Z,9\nh,2024-01-01T02:00:00Z,3\n' > "$EC_TMP/h.csv"
ec-forecast -q -h 2 --model naive --rejects "$EC_TMP/r3.jsonl" "$EC_TMP/h.csv"
sed "s|$EC_TMP/||" "$EC_TMP/r3.jsonl"
echo "-- --max-errors 0"
ec-forecast -q -h 1 --rejects "$EC_TMP/r4.jsonl" --max-errors 0 "$EC_TMP/nan.csv" 2>&1 | sed "s|$EC_TMP/||"
