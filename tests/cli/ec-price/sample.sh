# The man page's example on the sample shop: fit pooled by top category,
# then the price to charge with a 10% change limit.
ec-price fit -q --category-depth 1 -o "$EC_TMP/fit.csv" ../../../sample-data/shop/prices.csv.zst
head -6 "$EC_TMP/fit.csv"
cut -d, -f7 "$EC_TMP/fit.csv" | sort | uniq -c
ec-price optimize --fit "$EC_TMP/fit.csv" --catalog ../../../sample-data/shop/catalog.csv \
    --max-change 0.1 --min-margin 0.2 --ending .99 | head -6
