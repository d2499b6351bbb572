# Guards: canonical events (sample-data) are detected and their purchases grouped by
# order; the baskets table of ec-features (here through stdin) gives the same rules.
ec-rules mine -q --min-support 0.002 --min-confidence 0.3 ../../../sample-data/shop/events.jsonl.zst > "$EC_TMP/a"
ec-features baskets -q ../../../sample-data/shop/events.jsonl.zst |
	ec-rules mine -q --min-support 0.002 --min-confidence 0.3 > "$EC_TMP/b"
cmp "$EC_TMP/a" "$EC_TMP/b" && echo same
head -n 5 "$EC_TMP/a"
ec-rules mine --itemsets --min-support 0.01 --format events ../../../sample-data/shop/events.jsonl.zst | head -n 3
