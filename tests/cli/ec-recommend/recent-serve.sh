# Guards: --recent session blend, --serve requests (recent items, k, an
# unknown user, a bad line and an empty one answered with an error each and
# the next one served),
# --shard splitting users into disjoint sets that cover everyone.
ec-train -q -m itemknn --shrink 0 -o "$EC_TMP/knn.ecm" data/events.csv
ec-recommend -q -m "$EC_TMP/knn.ecm" -k 2 --recent data/recent.csv data/events.csv | head -n 1
echo "-- serve"
printf '%s\n' '{"user":"u1","k":1}' '{"user":"zz","recent":["d",{"item":"a","event":"cart"}],"k":2}' \
	'[1]' '{"k":0}' '' '{"user":"u3"}' |
	ec-recommend -q -m "$EC_TMP/knn.ecm" -k 1 --serve data/events.csv
echo "-- shards"
ec-recommend -q -m "$EC_TMP/knn.ecm" --shard 0/2 data/events.csv | cut -c1-12
echo "--"
ec-recommend -q -m "$EC_TMP/knn.ecm" --shard 1/2 data/events.csv | cut -c1-12
