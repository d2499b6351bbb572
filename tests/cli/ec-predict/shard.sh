# --shard I/N: records by the model's user field (every record of a user in
# one shard), else by the whole line; shards 0/2 and 1/2 together are the
# unsharded output (sorted to compare), CSV and JSONL.
s=../../../sample-data/shop/events.jsonl.zst
ec-features samples -q --of csv $s | head -n 3001 > "$EC_TMP/s.csv" || exit 1
ec-train -q -m lr --epochs 1 -o "$EC_TMP/u.ecm" "$EC_TMP/s.csv" || exit 1
ec-train -q -m lr --epochs 1 --ignore ts,user -o "$EC_TMP/nu.ecm" "$EC_TMP/s.csv" || exit 1
for m in u nu; do
	ec-predict -q -m "$EC_TMP/$m.ecm" "$EC_TMP/s.csv" | sort > "$EC_TMP/all" || exit 1
	ec-predict -q -m "$EC_TMP/$m.ecm" --shard 0/2 "$EC_TMP/s.csv" > "$EC_TMP/0" || exit 1
	ec-predict -q -m "$EC_TMP/$m.ecm" --shard 1/2 "$EC_TMP/s.csv" > "$EC_TMP/1" || exit 1
	{ cat "$EC_TMP/0"; tail -n +2 "$EC_TMP/1"; } | sort | cmp -s - "$EC_TMP/all" &&
		echo "$m: shards 0/2 + 1/2 = unsharded ($(($(wc -l < "$EC_TMP/0") - 1)) + $(($(wc -l < "$EC_TMP/1") - 1)) records)"
	# by user: no user in both shards
	awk -F, 'FNR > 1 { if (seen[$2] && seen[$2] != FILENAME) both++; seen[$2] = FILENAME }
		END { print "  users in both shards:", both + 0 }' "$EC_TMP/0" "$EC_TMP/1"
done
