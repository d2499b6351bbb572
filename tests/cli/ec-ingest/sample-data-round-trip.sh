# Guards: the raw logs of sample-data/ (two source layouts and a review
# export, written from the shop's canonical events by
# scripts/make-sample-data.sh) ingest back to exactly the shop's events:
# the same (ts, user, item, event) multiset, and for orders the same qty,
# price and order id. Time zones, anonymous visitors, event spellings,
# epoch milliseconds and negative quantities all have to be undone.
S=../../../sample-data
t=$(mktemp -d)
ec-ingest -q --tz Asia/Shanghai --user-from-session --rejects "$t/rej.jsonl" \
	"$S/raw/clicks-shop-a.tar.gz" > "$t/clicks.jsonl"
echo "clicks exit=$?"
ec-ingest -q --set event=purchase "$S/raw/orders-shop-b.jsonl.zst" > "$t/orders.jsonl"
echo "orders exit=$?"
ec-ingest -q --of tsv --keep-duplicates "$t/clicks.jsonl" "$t/orders.jsonl" |
	awk -F'\t' 'NR > 1 { print $1, $2, $3, $4, ($4 == "purchase" || $4 == "return") ? $5 " " $6 " " $8 : "" }' |
	sort > "$t/got"
ec-ingest -q --of tsv --keep-duplicates "$S/shop/events.jsonl.zst" |
	awk -F'\t' 'NR > 1 { q = $5 == "" ? 1 : $5; print $1, $2, $3, $4, ($4 == "purchase" || $4 == "return") ? q " " $6 " " $8 : "" }' |
	sort > "$t/want"
echo "events: $(wc -l < "$t/got") ingested, $(wc -l < "$t/want") in the shop"
cmp -s "$t/got" "$t/want" && echo "same events" || diff "$t/want" "$t/got" | head -5
echo "rejected: $(grep -c . "$t/rej.jsonl")"
sed 's/.*"reason":"\([^"]*\)".*/  \1/' "$t/rej.jsonl"
rm -rf "$t"
