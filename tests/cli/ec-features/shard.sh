# --shard I/N: each key's rows land in exactly one shard, so shards 0/2 and
# 1/2 together are the unsharded output (sorted to compare), for every
# subcommand that shards, on the sample shop (users' high_value threshold
# stays global: the other shards' purchases are still read).
ev=../../../sample-data/shop/events.jsonl.zst
for sub in users items samples sales docs; do
	ec-features $sub -q --of csv $ev | sort > "$EC_TMP/all.csv" || exit 1
	ec-features $sub -q --of csv --shard 0/2 $ev > "$EC_TMP/0.csv" || exit 1
	ec-features $sub -q --of csv --shard 1/2 $ev > "$EC_TMP/1.csv" || exit 1
	n0=$(($(wc -l < "$EC_TMP/0.csv") - 1))
	n1=$(($(wc -l < "$EC_TMP/1.csv") - 1))
	{ cat "$EC_TMP/0.csv"; tail -n +2 "$EC_TMP/1.csv"; } | sort > "$EC_TMP/both.csv"
	if cmp -s "$EC_TMP/all.csv" "$EC_TMP/both.csv" && [ $n0 -gt 0 ] && [ $n1 -gt 0 ]; then
		echo "$sub: shards 0/2 + 1/2 = unsharded ($(($(wc -l < "$EC_TMP/all.csv") - 1)) rows)"
	else
		echo "$sub: shards differ from the unsharded output ($n0 + $n1 rows)"
	fi
done
echo "-- users tagged high_value in the whole output"
ec-features users -q --of csv $ev | grep -c high_value
echo "-- baskets (by order) and split do not shard"
ec-features baskets -q --shard 0/2 $ev 2>&1
echo "exit $?"
