#!/bin/sh
# make-sample-data.sh: write sample-data/, the small shop of `make demo`
# and of the man page examples (`make sample-data`; the files are committed,
# so users need not run it). Deterministic: the same tools write the same
# bytes.
#
#   shop/   ec-synth's shop with its planted truth (catalog, canonical
#           events, prices, sales, reviews, queries, FAQ, truth.json)
#   raw/    the same shop's events as two source systems would log them,
#           so that the demo starts where a user starts:
#     clicks-shop-a.tar.gz     tar.gz of daily CSV files, naive Shanghai
#                              times, pv/click/cart/search spellings,
#                              anonymous visitors with an empty user_id,
#                              two bad records planted on one day
#     orders-shop-b.jsonl.zst  JSONL orders with other key names, epoch
#                              milliseconds, returns as negative quantities
#     reviews.csv.gz           review texts (Chinese and English) in a
#                              column named comment, two with contact data
#
# Run from the top directory after `make`.
set -e
BIN=${EC_BIN:-bin}
out=sample-data
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C TZ=UTC

rm -rf "$out/shop" "$out/raw"
mkdir -p "$out/raw" "$tmp/clicks"
"$BIN/ec-synth" --seed 7 --users 400 --items 150 --days 90 --start 2024-01-01 -q -o "$out/shop"
for f in prices.csv sales.csv queries.jsonl; do
	zstd -q -19 --rm "$out/shop/$f"
done

# canonical events as TSV: ts user item event qty price value order session
# category dwell text
"$BIN/ec-ingest" -q --of tsv "$out/shop/events.jsonl.zst" > "$tmp/events.tsv"

# Shop A: everything but orders, one CSV file per Shanghai day.
awk -F'\t' -v dir="$tmp/clicks" '
function epoch(iso) {
	return mktime(substr(iso, 1, 4) " " substr(iso, 6, 2) " " substr(iso, 9, 2) " " \
	              substr(iso, 12, 2) " " substr(iso, 15, 2) " " substr(iso, 18, 2))
}
NR > 1 && $4 != "purchase" && $4 != "return" {
	t = epoch($1) + 8 * 3600
	day = strftime("%Y-%m-%d", t, 1)
	f = dir "/" day ".csv"
	if (!(f in seen)) {
		seen[f] = 1
		print "event_time,user_id,product_id,event_type,price,session_id,query" > f
	}
	ev = $4 == "view" ? "pv" : $4
	user = $2 == $9 ? "" : $2          # anonymous: the user is the session
	printf "%s,%s,%s,%s,%s,%s,%s\n", strftime("%Y-%m-%d %H:%M:%S", t, 1), user, $3, ev,
	       $6, $9, $12 > f
	if (day == "2024-02-01" && !planted) {
		planted = 1
		print "2024-02-01 10:00:00,,i0001,pv,9.99,," > f            # no user, no session
		print "2024-02-30 11:00:00,u0001,i0002,pv,19.99,s0," > f     # impossible date
	}
}' "$tmp/events.tsv"
(cd "$tmp" && find clicks -name '*.csv' | sort > list &&
	tar -cf - --owner=0 --group=0 --numeric-owner --mtime=2024-04-01 -T list) |
	gzip -n -9 > "$out/raw/clicks-shop-a.tar.gz"

# Shop B: orders as JSONL, epoch milliseconds, returns as negative quantities.
awk -F'\t' '
function epoch(iso) {
	return mktime(substr(iso, 1, 4) " " substr(iso, 6, 2) " " substr(iso, 9, 2) " " \
	              substr(iso, 12, 2) " " substr(iso, 15, 2) " " substr(iso, 18, 2))
}
NR > 1 && ($4 == "purchase" || $4 == "return") {
	q = $5 == "" ? 1 : $5
	if ($4 == "return")
		q = -q
	printf "{\"orderId\":\"%s\",\"customerId\":\"%s\",\"sku\":\"%s\",\"quantity\":%s,\"unitPrice\":%s,\"createdAt\":%.0f}\n",
	       $8, $2, $3, q, $6, epoch($1) * 1000
}' "$tmp/events.tsv" | zstd -q -19 > "$out/raw/orders-shop-b.jsonl.zst"

# Reviews: the shop's review documents as a CSV export, Shanghai minutes.
"$BIN/ec-ingest" -q --set event=review --of tsv "$out/shop/reviews.jsonl" |
awk -F'\t' '
function epoch(iso) {
	return mktime(substr(iso, 1, 4) " " substr(iso, 6, 2) " " substr(iso, 9, 2) " " \
	              substr(iso, 12, 2) " " substr(iso, 15, 2) " " substr(iso, 18, 2))
}
NR == 1 { print "user_id,item_id,comment,time"; next }
{
	printf "%s,%s,\"%s\",%s\n", $2, $3, $12, strftime("%Y-%m-%d %H:%M", epoch($1) + 8 * 3600, 1)
	if (NR == 3)
		print "u0003,i0011,\"尺码偏小，客服电话 13812345678 一直占线\",2024-01-05 11:05"
	if (NR == 4)
		print "u0004,i0012,\"Broken on arrival; email me at jane.doe@example.com\",2024-01-05 13:30"
}' | gzip -n -9 > "$out/raw/reviews.csv.gz"

echo "sample-data: $(du -sk "$out/shop" "$out/raw" | awk '{s += $1} END {print s}') KiB in $out/shop and $out/raw"
