# Each row binds a different constraint: the change limit, the competitor
# band, the minimum margin, stock cover, catalog max and min prices; zz has
# no fit (price kept unless a constraint moves it); the bad price is a
# warning under --max-errors; the last row is an interior Lerner optimum.
ec-price fit -q -o "$EC_TMP/fit.csv" data/prices.csv --max-errors 10 2>/dev/null
ec-price optimize --fit "$EC_TMP/fit.csv" --catalog data/catalog.csv --max-change 0.15 \
    --min-margin 0.45 --comp-band 0.1 --cover 3 --ending .99 --max-errors 5
