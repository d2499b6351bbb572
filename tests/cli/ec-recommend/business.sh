# Guards: --catalog drops the out-of-stock rug c, --promo-boost lifts the
# promoted lamp d, --max-per-category 1, a business rule (ec-rules format)
# adding f and boosting lamps for buyers of b, an expired rule ignored.
ec-train -q -m itemknn --shrink 0 -o "$EC_TMP/knn.ecm" data/events.csv
ec-recommend -q -m "$EC_TMP/knn.ecm" -k 3 --catalog data/catalog.csv data/events.csv | head -n 3
echo "-- promo, diversity, rules"
ec-recommend -q -m "$EC_TMP/knn.ecm" -k 3 --catalog data/catalog.csv --promo-boost 2 \
	--max-per-category 1 --rules data/rules.json --at 2024-06-01 data/events.csv | head -n 3
