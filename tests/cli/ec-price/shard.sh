# --shard I/N: fit (which still reads and fits every item: the category
# and global pools need them all) and optimize give each item in exactly
# one shard, so shards 0/2 and 1/2 together are the unsharded output
# (sorted to compare).
p=../../../sample-data/shop/prices.csv.zst
c=../../../sample-data/shop/catalog.csv
# same FILE ARGS...: the unsharded output against the two shards'
same() {
	what=$1
	shift
	ec-price "$@" | sort > "$EC_TMP/all" || exit 1
	ec-price "$@" --shard 0/2 > "$EC_TMP/0" || exit 1
	ec-price "$@" --shard 1/2 > "$EC_TMP/1" || exit 1
	{ cat "$EC_TMP/0"; tail -n +2 "$EC_TMP/1"; } | sort > "$EC_TMP/both"
	n0=$(($(wc -l < "$EC_TMP/0") - 1))
	n1=$(($(wc -l < "$EC_TMP/1") - 1))
	if cmp -s "$EC_TMP/all" "$EC_TMP/both" && [ $n0 -gt 0 ] && [ $n1 -gt 0 ]; then
		echo "$what: shards 0/2 + 1/2 = unsharded ($n0 + $n1 items)"
	else
		echo "$what: shards differ from the unsharded output"
	fi
}
same "fit" fit -q --category-depth 1 $p
ec-price fit -q --category-depth 1 -o "$EC_TMP/fit.csv" $p || exit 1
same "optimize" optimize -q --fit "$EC_TMP/fit.csv" --catalog $c --max-change 0.1 --at 2024-06-01
