# Cron state: a second run in the same hour (even with other options)
# writes the recorded answer again; a run while another holds the lock
# fails with exit 1; the next hour prices again.
ec-price fit -q -o "$EC_TMP/fit.csv" data/prices.csv --max-errors 10 2>/dev/null
grep -v bad data/catalog.csv > "$EC_TMP/cat.csv"
st=$EC_TMP/state
ec-price optimize -q --state "$st" --fit "$EC_TMP/fit.csv" --catalog "$EC_TMP/cat.csv" \
    --max-change 0.1 --at 2024-04-01T10:05:00Z -o "$EC_TMP/a.csv"
ec-price optimize -q --state "$st" --catalog "$EC_TMP/cat.csv" --max-change 0.3 \
    --at 2024-04-01T10:59:59Z -o "$EC_TMP/b.csv"
cmp "$EC_TMP/a.csv" "$EC_TMP/b.csv" && echo "same hour: same answer"
ls "$st"
cat "$st/run"
flock "$st/lock" ec-price optimize -q --state "$st" --catalog "$EC_TMP/cat.csv" \
    --at 2024-04-01T11:00:00Z -o "$EC_TMP/c.csv" 2>"$EC_TMP/err"
echo "exit $?"
sed "s|$EC_TMP|TMP|" "$EC_TMP/err"
ec-price optimize -q --state "$st" --catalog "$EC_TMP/cat.csv" --max-change 0.3 \
    --at 2024-04-01T11:00:00Z | cut -d, -f1-4
cat "$st/run"
