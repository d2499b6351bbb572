#!/bin/sh
# demo.sh: `make demo`. Ingest every raw log of sample-data/raw/ into
# canonical events under out/, the way a nightly job would, and print a
# short summary. Each layout needs its own few options, which is the point:
# see sample-data/README for what each file is.
set -e
BIN=${EC_BIN:-bin}
RAW=${1:-sample-data/raw}
OUT=${2:-out}
mkdir -p "$OUT"

echo "== ec-ingest: raw logs -> canonical events ($OUT/)"
"$BIN/ec-ingest" --tz Asia/Shanghai --rejects "$OUT/rejects-clicks.jsonl" \
	-o "$OUT/events-clicks.jsonl.zst" "$RAW/clicks-shop-a.tar.gz"
"$BIN/ec-ingest" --set event=purchase --pseudonymize user --key-file sample-data/demo.key \
	-o "$OUT/events-orders.csv" --of csv "$RAW/orders-shop-b.jsonl.zst"
"$BIN/ec-ingest" --set event=review --map text=comment --mask-text --tz Asia/Shanghai \
	-o "$OUT/events-reviews.jsonl" "$RAW/reviews.csv.gz"
"$BIN/ec-ingest" --set event=search -o "$OUT/events-searches.jsonl" "$RAW/searches.tsv"
# Canonical files of one format, any compression, concatenate into one stream.
"$BIN/ec-ingest" -q -o "$OUT/events.jsonl.zst" "$OUT/events-clicks.jsonl.zst" \
	"$OUT/events-reviews.jsonl" "$OUT/events-searches.jsonl"

echo
echo "== summary"
printf '%-10s %s\n' event count
for f in "$OUT/events.jsonl.zst" "$OUT/events-orders.csv"; do
	"$BIN/ec-ingest" -q --of tsv "$f" | tail -n +2
done | awk -F'\t' '{ n[$4]++ } END { for (e in n) printf "%-10s %d\n", e, n[e] }' | sort
echo "rejected (see $OUT/rejects-clicks.jsonl):"
sed 's/^/  /' "$OUT/rejects-clicks.jsonl"
