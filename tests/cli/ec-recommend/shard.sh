# --shard I/N: each user in exactly one shard, recommended as in the
# unsharded run (with decay, the ranker and the category cap too), so shards 0/2 and 1/2
# together are the unsharded output (sorted to compare).
s=../../../sample-data/shop/events.jsonl.zst
ec-train -q -m itemknn -o "$EC_TMP/knn.ecm" $s || exit 1
ec-train -q -m itemknn --half-life 7d -o "$EC_TMP/hl.ecm" $s || exit 1
ec-features samples -q --of csv $s > "$EC_TMP/s.csv" || exit 1
ec-train -q -m lr --epochs 1 -o "$EC_TMP/lr.ecm" "$EC_TMP/s.csv" || exit 1
# same WHAT ARGS...
same() {
	what=$1
	shift
	ec-recommend -q "$@" | sort > "$EC_TMP/all" || exit 1
	ec-recommend -q --shard 0/2 "$@" > "$EC_TMP/0" || exit 1
	ec-recommend -q --shard 1/2 "$@" > "$EC_TMP/1" || exit 1
	sort "$EC_TMP/0" "$EC_TMP/1" | cmp -s - "$EC_TMP/all" &&
		echo "$what: shards 0/2 + 1/2 = unsharded ($(wc -l < "$EC_TMP/0") + $(wc -l < "$EC_TMP/1") users)"
}
same "itemknn" -m "$EC_TMP/knn.ecm" -k 10 $s
# the decay, the ranker's hour and weekday and the items' categories come
# from every shard's events
same "itemknn, 7-day half-life, lr ranker, category cap" -m "$EC_TMP/hl.ecm" -k 10 \
	--ranker "$EC_TMP/lr.ecm" --max-per-category 2 $s
