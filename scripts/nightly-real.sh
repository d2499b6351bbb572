#!/bin/sh
# nightly-real.sh: the nightly pipeline on the public data sets in
# ../shared/data (EC_SHARED), with scripts/nightly-real.conf:
#
#   sh scripts/nightly-real.sh [OUT_DIR]        (default out-real)
#
# It lays out OUT_DIR/raw as ec-nightly's RAW_DIR: symbolic links to the
# files used as they are (retail_price.csv, Groceries, the e-commerce FAQ,
# Amazon All_Beauty reviews) and, for the others, small
# extracts written there (never into the project), capped so that the run
# takes about two minutes on two cores:
#   taobao-userbehavior.csv  the first 60,000 of the 96,168 Taobao events
#                          (75 minutes)
#   diginetica-views.csv   the DIGINETICA views with 'dg' before session
#                          and item ids (they are small integers, as Taobao's)
#   chinese-reviews.csv    every 12th of the 62,774 Chinese reviews (the file
#                          is sorted by category), re-keyed as the Amazon
#                          columns, one anonymous reviewer each, product
#                          category as item, the snapshot's
#                          day as time
#   taobao-queries.tsv     the first 5,000 Taobao search queries
#   m5-sales.csv           the first 200 M5 FOODS_3 series, last 730 days,
#                          as long series,ts,value (dates from the calendar)
#   catalog.csv            each retail_price.csv product's last month
#   faq-paraphrases.jsonl  tests/real/faq-en-paraphrases.jsonl (ours)
# Then: ec-nightly -c scripts/nightly-real.conf OUT_DIR/raw OUT_DIR.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
EC_BIN=${EC_BIN:-$top/bin}
EC_SHARED=${EC_SHARED:-$top/../shared}
d=$EC_SHARED/data
out=${1:-out-real}
if [ ! -d "$d" ]; then
	echo "nightly-real: $d not found (set EC_SHARED)" >&2
	exit 1
fi
mkdir -p "$out/raw"
raw=$(cd "$out/raw" && pwd)
ln -sf "$d/retail-price-optimization/retail_price.csv" "$raw/retail_price.csv"
ln -sf "$d/groceries/groceries.csv" "$raw/groceries.csv"
ln -sf "$d/ecommerce-faq-chatbot/Ecommerce_FAQ_Chatbot_dataset.json" "$raw/ecommerce-faq.json"
ln -sf "$d/amazon-reviews-2018-all-beauty/All_Beauty_5.json" "$raw/amazon-all-beauty.jsonl"
ln -sf "$top/tests/real/faq-en-paraphrases.jsonl" "$raw/faq-paraphrases.jsonl"

head -n 60000 "$d/taobao-userbehavior-sample/UserBehavior_first96168.csv" >"$raw/taobao-userbehavior.csv"
awk -F';' -v OFS=';' 'NR > 1 { $1 = "dg" $1; $3 = "dg" $3 } { print }' \
    "$d/diginetica-sample/sample_train-item-views.csv" >"$raw/diginetica-views.csv"
# cat,label,review -> reviewerID,asin,unixReviewTime,reviewText (the review
# field is the rest of the line, quoted or not, kept as it is)
zstd -dcq "$d/chinese-reviews-online-shopping-10-cats/online_shopping_10_cats.csv.zst" |
    awk 'NR == 1 { print "reviewerID,asin,unixReviewTime,reviewText"; next }
	NR % 12 == 2 { c = index($0, ","); cat = substr($0, 1, c - 1); rest = substr($0, c + 1)
	    rest = substr(rest, index(rest, ",") + 1); sub(/^\357\273\277/, "", rest)
	    print "zh" NR "," cat ",1511654400," rest }' >"$raw/chinese-reviews.csv"
zstd -dcq "$d/taobao-search-queries-multicpr/train.query.txt.zst" | head -n 5000 >"$raw/taobao-queries.tsv"
# d_i is the i-th date of the calendar (M/D/YYYY)
m5=$d/m5-walmart-tx3-foods3
awk -F, 'NR == FNR { if (FNR > 1) { split($1, p, "/"); date[FNR - 1] = sprintf("%04d-%02d-%02d", p[3], p[1], p[2]) } next }
	FNR == 1 { print "series,ts,value"; next }
	FNR <= 201 { for (i = NF - 729; i <= NF; i++) print $1 "," date[i - 1] "," $i }' \
    "$m5/calendar_afcs2025.csv" "$m5/sales_train_validation_afcs2025.csv" >"$raw/m5-sales.csv"
# the catalog: each product's last month (month_year is dd-mm-yyyy)
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print "item,category,price,comp_price"; next }
	{ split($c["month_year"], t, "-"); k = t[3] t[2]
	  if (!($1 in m) || k > m[$1]) { m[$1] = k; row[$1] = $1 "," $c["product_category_name"] "," $c["unit_price"] "," $c["comp_1"] } }
	END { for (p in row) print row[p] }' "$d/retail-price-optimization/retail_price.csv" |
    { IFS= read -r h; echo "$h"; sort; } >"$raw/catalog.csv"

exec "$EC_BIN/ec-nightly" -c "$top/scripts/nightly-real.conf" "$raw" "$out"
