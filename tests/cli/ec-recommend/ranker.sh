# --ranker on a planted case: after h, more users viewed p than g, so the
# item-kNN model ranks p first for user t; but views of g end in a purchase
# and views of p never do, so a CTR model trained on ec-features samples of
# the same log puts g first (lr and din, batch and --serve); with
# --ranker-weight 0 the model's order stays.
ec-train -q -m itemknn --shrink 0 --weights view=1,purchase=1 -o "$EC_TMP/knn.ecm" \
	data/ranker-events.csv || exit 1
ec-features samples -q --of csv data/ranker-events.csv > "$EC_TMP/s.csv" || exit 1
ec-train -q -m lr -o "$EC_TMP/lr.ecm" "$EC_TMP/s.csv" || exit 1
ec-train -q -m din --seq hist_items,hist_cats --target item,category --hidden 8 --dim 4 \
	--epochs 20 -o "$EC_TMP/din.ecm" "$EC_TMP/s.csv" || exit 1
items() { sed 's/"score":[^,]*,//g'; }
echo "-- cf alone"
ec-recommend -q -m "$EC_TMP/knn.ecm" -k 2 --users data/ranker-users.csv data/ranker-events.csv | items
echo "-- lr ranker, with the catalog"
ec-recommend -q -m "$EC_TMP/knn.ecm" -k 2 --users data/ranker-users.csv \
	--ranker "$EC_TMP/lr.ecm" --catalog data/ranker-catalog.csv data/ranker-events.csv | items
echo "-- din ranker, serve mode"
echo '{"user":"t","k":2}' | ec-recommend -q -m "$EC_TMP/knn.ecm" --serve \
	--ranker "$EC_TMP/din.ecm" data/ranker-events.csv | items
echo "-- --ranker-weight 0: the model's scores, normalised"
ec-recommend -q -m "$EC_TMP/knn.ecm" -k 2 --users data/ranker-users.csv \
	--ranker "$EC_TMP/lr.ecm" --ranker-weight 0 data/ranker-events.csv
