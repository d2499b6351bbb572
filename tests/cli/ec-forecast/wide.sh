# Guards: wide rows (M4 layout): empty ts, steps from 1, trailing empty cells end a series.
ec-forecast -q -h 2 --model naive data/wide.csv
echo "-- a hole inside a row is a bad record"
printf 'id,v1,v2,v3\nA,1,,3\nB,1,2,3\n' > "$EC_TMP/hole.csv"
ec-forecast -q -h 1 --model naive --rejects "$EC_TMP/rej.jsonl" "$EC_TMP/hole.csv"
sed "s|$EC_TMP/||" "$EC_TMP/rej.jsonl"
