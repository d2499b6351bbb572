# Guards: --summary columns and stages; sorted it is the selection list.
ec-forecast -q -h 7 --summary data/daily.csv data/small.csv 2>&1 | sort -t, -k3,3gr
echo "-- the sample shop, top 5"
ec-forecast -q -h 28 --summary ../../../sample-data/shop/sales.csv.zst | sort -t, -k3,3gr | head -5
