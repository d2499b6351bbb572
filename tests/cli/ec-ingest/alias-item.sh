# Guards: every built-in spelling of the item column (item_id itemid sku product_id StockCode movie_id) maps to "item".
for h in item_id itemid sku product_id StockCode movie_id; do
	printf 'user,%s,ts,event\nu1,I-%s,1709287200,view\n' "$h" "$h" | ec-ingest -q
done
