# Revenue (elastic items: the lower bound decides) and clearance of the
# stock in the 30 days to --by.
ec-price fit -q -o "$EC_TMP/fit.csv" data/prices.csv --max-errors 10 2>/dev/null
grep -v bad data/catalog.csv > "$EC_TMP/cat.csv"
ec-price optimize -q --fit "$EC_TMP/fit.csv" --catalog "$EC_TMP/cat.csv" --objective revenue \
    --max-change 0.2 | cut -d, -f1-8
ec-price optimize -q --fit "$EC_TMP/fit.csv" --catalog "$EC_TMP/cat.csv" --objective clearance \
    --at 2024-03-31 --by 2024-04-30 | cut -d, -f1-8
echo "-- an elasticity that is not negative keeps the price (no optimum to chase)"
awk -F, 'BEGIN { OFS = "," } NR == 1 || $1 == "a1" { if (NR > 1) $2 = "0.5"; print }' "$EC_TMP/fit.csv" > "$EC_TMP/pos.csv"
ec-price optimize -q --fit "$EC_TMP/pos.csv" --catalog "$EC_TMP/cat.csv" --max-change 0.2 | cut -d, -f1-4,7-8
echo "-- a catalog row whose min_price is above its max_price is a bad record"
{ head -n 1 "$EC_TMP/cat.csv"; echo 'a2,bounds crossed,10,6,1000,10,12,8'; } > "$EC_TMP/crossed.csv"
ec-price optimize -q --fit "$EC_TMP/fit.csv" --catalog "$EC_TMP/crossed.csv" 2> "$EC_TMP/err"
echo "exit $?"
sed "s|$EC_TMP/||" "$EC_TMP/err"
