# --shard I/N: each series is forecast by exactly one shard, so shards 0/2
# and 1/2 together are the unsharded output (sorted to compare), for long
# records (sample shop sales, several models) and wide M4 rows alike.
s=../../../sample-data/shop/sales.csv.zst
same() {
	what=$1
	shift
	ec-forecast -q "$@" | sort > "$EC_TMP/all" || exit 1
	ec-forecast -q "$@" --shard 0/2 > "$EC_TMP/0" || exit 1
	ec-forecast -q "$@" --shard 1/2 > "$EC_TMP/1" || exit 1
	{ cat "$EC_TMP/0"; tail -n +2 "$EC_TMP/1"; } | sort > "$EC_TMP/both"
	n0=$(cut -d, -f1 "$EC_TMP/0" | sort -u | wc -l)
	n1=$(cut -d, -f1 "$EC_TMP/1" | sort -u | wc -l)
	if cmp -s "$EC_TMP/all" "$EC_TMP/both" && [ "$n0" -gt 1 ] && [ "$n1" -gt 1 ]; then
		echo "$what: shards 0/2 + 1/2 = unsharded"
	else
		echo "$what: shards differ from the unsharded output"
	fi
}
same "auto, sales" -h 7 $s
same "theta, summary" -h 7 --model theta --summary $s
awk 'BEGIN { print "id,v1,v2,v3,v4"; for (i = 1; i <= 8; i++) print "W" i "," i "," i + 1 "," i * 2 "," i }' > "$EC_TMP/wide.csv"
same "naive, wide rows" -h 2 --model naive "$EC_TMP/wide.csv"
echo "-- a bad shard"
ec-forecast --shard 2/2 data/wide.csv
echo "exit $?"
