#!/bin/sh
# demo.sh: `make demo`. The first run of a nightly job on sample-data/:
# raw logs of two source systems and a review export -> canonical events ->
# the feature tables every model reads. Each layout needs its own few
# options, which is the point: see sample-data/README for what each file is.
set -e
BIN=${EC_BIN:-bin}
IN=${1:-sample-data}
OUT=${2:-out}
RAW=$IN/raw
mkdir -p "$OUT"
step() { printf '\n== %s\n' "$*"; }

step "ec-ingest: raw logs -> canonical events"
"$BIN/ec-ingest" --tz Asia/Shanghai --user-from-session --rejects "$OUT/rejects-clicks.jsonl" \
	-o "$OUT/events-clicks.jsonl.zst" "$RAW/clicks-shop-a.tar.gz"
"$BIN/ec-ingest" --set event=purchase --pseudonymize user --key-file "$IN/demo.key" \
	-o "$OUT/events-orders-pseudonymized.csv" --of csv "$RAW/orders-shop-b.jsonl.zst"
"$BIN/ec-ingest" --set event=purchase -o "$OUT/events-orders.jsonl.zst" "$RAW/orders-shop-b.jsonl.zst"
"$BIN/ec-ingest" --set event=review --map text=comment --mask-text --tz Asia/Shanghai \
	-o "$OUT/events-reviews.jsonl" "$RAW/reviews.csv.gz"
# canonical files of one format, any compression, concatenate into one stream
"$BIN/ec-ingest" -o "$OUT/events.jsonl.zst" "$OUT/events-clicks.jsonl.zst" \
	"$OUT/events-orders.jsonl.zst" "$OUT/events-reviews.jsonl"

step "ec-features: events -> tables"
EV=$OUT/events.jsonl.zst
"$BIN/ec-features" users -q -o "$OUT/users.jsonl" "$EV"
"$BIN/ec-features" items -q -o "$OUT/items.csv" --of csv "$EV"
"$BIN/ec-features" sales -q -o "$OUT/sales.csv" "$EV"
"$BIN/ec-features" baskets -q -o "$OUT/baskets.jsonl" "$EV"
"$BIN/ec-features" docs -q -o "$OUT/docs.jsonl" "$EV"
"$BIN/ec-features" samples -q -o "$OUT/samples.jsonl.zst" "$EV"
"$BIN/ec-features" split -q --test-last 1 -o "$OUT/split" "$OUT/samples.jsonl.zst"

step "ec-rules: association rules and cross-sell with coupons"
"$BIN/ec-rules" mine -q --min-support 0.002 --min-confidence 0.3 -o "$OUT/rules.jsonl" "$EV"
"$BIN/ec-rules" guide -q --rules "$OUT/rules.jsonl" --catalog "$IN/shop/catalog.csv" \
	--coupons 5000:300,2000:100,500:30 -o "$OUT/guide.jsonl" "$OUT/baskets.jsonl"

step "summary"
count() { "$BIN/ec-ingest" -q --keep-duplicates --of tsv "$1" 2>/dev/null | tail -n +2 | wc -l; }
lines() { zstd -dcf "$1" | grep -c . ; }
printf '%-28s %s\n' "events by type:" "$("$BIN/ec-ingest" -q --keep-duplicates --of tsv "$EV" |
	awk -F'\t' 'NR > 1 { n[$4]++ } END { for (e in n) printf "%s=%d ", e, n[e] }')"
printf '%-28s %s\n' "rejected raw records:" "$(lines "$OUT/rejects-clicks.jsonl") (see $OUT/rejects-clicks.jsonl)"
printf '%-28s %s\n' "user profiles:" "$(lines "$OUT/users.jsonl")"
printf '%-28s %s\n' "items:" "$(($(lines "$OUT/items.csv") - 1))"
printf '%-28s %s\n' "baskets:" "$(lines "$OUT/baskets.jsonl")"
printf '%-28s %s\n' "documents:" "$(lines "$OUT/docs.jsonl")"
printf '%-28s %s\n' "CTR samples (train/test):" "$(lines "$OUT/split/train.jsonl")/$(lines "$OUT/split/test.jsonl")"
printf '%-28s %s\n' "association rules:" "$(lines "$OUT/rules.jsonl")"
printf '%-28s %s\n' "baskets offered a coupon:" "$(grep -c '"coupon":{' "$OUT/guide.jsonl")"
echo "strongest rule:"
head -n 1 "$OUT/rules.jsonl" | sed 's/^/  /'
echo "the user with the most views:"
awk 'match($0, /"n_view":[0-9]+/) { v = substr($0, RSTART + 9, RLENGTH - 9) + 0
	if (v > m) { m = v; l = $0 } } END { print "  " l }' "$OUT/users.jsonl" | cut -c1-200
