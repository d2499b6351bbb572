#!/bin/sh
# tests/real/features.sh: ec-features users and items on two public logs,
# checked against values computed here, independently, with awk from the
# raw files:
#   - Taobao UserBehavior (first 96,168 events: user,item,category,behaviour,
#     epoch), ingested as `ec-ingest --no-header --columns
#     user,item,category,event,ts`;
#   - DIGINETICA item views (session;user;item;timeframe;date), ingested as
#     `ec-ingest --set event=view --user-from-session`.
# For the 5 users and the 5 items with the most events of each log: counts
# per event kind, the 10 last distinct viewed items (newest first, ties in
# file order), the 3 top categories (ties bytewise), frequency and recency
# of Taobao buyers (no order ids: distinct purchase times). The awk side
# applies ec-ingest's duplicate rule itself (same user, item, event, time:
# the first is kept).
#
# Environment: EC_BIN (default: bin/ of this repository), EC_SHARED
# (default: ../shared beside it). Exit 0 all equal, 1 a mismatch (each with
# expected and actual), 77 when the data is absent.
set -u
LC_ALL=C
export LC_ALL
top=$(cd "$(dirname "$0")/../.." && pwd)
EC_BIN=${EC_BIN:-$top/bin}
EC_SHARED=${EC_SHARED:-$top/../shared}
tb=$EC_SHARED/data/taobao-userbehavior-sample/UserBehavior_first96168.csv
dg=$EC_SHARED/data/diginetica-sample/sample_train-item-views.csv
if [ ! -d "$EC_SHARED/data" ]; then
	echo "SKIP real/features: $EC_SHARED/data not found"
	exit 77
fi
for f in "$tb" "$dg"; do
	if [ ! -f "$f" ]; then
		echo "SKIP real/features: $f not found"
		exit 77
	fi
done

t=$(mktemp -d "${TMPDIR:-/tmp}/ec-real-features.XXXXXX") || exit 1
trap 'rm -rf "$t"' EXIT
bad=0
checked=0

# check WHAT EXPECTED ACTUAL
check() {
	checked=$((checked + 1))
	if [ "$2" != "$3" ]; then
		echo "real/features: $1: expected '$2', actual '$3'"
		bad=1
	fi
}

# field N of the TSV row whose first field is KEY
field() { awk -F'\t' -v k="$2" -v n="$3" '$1 == k { print $n; exit }' "$1"; }

# ---- Taobao ----
"$EC_BIN/ec-ingest" -q --no-header --columns user,item,category,event,ts "$tb" >"$t/tb.jsonl" ||
	{ echo "real/features: ec-ingest failed on $tb"; exit 1; }
"$EC_BIN/ec-features" users -q --of tsv "$t/tb.jsonl" >"$t/tb-users.tsv" || exit 1
"$EC_BIN/ec-features" items -q --of tsv "$t/tb.jsonl" >"$t/tb-items.tsv" || exit 1

# the raw log without ec-ingest's duplicates, line number first
awk -F, '!seen[$1 FS $2 FS $4 FS $5]++ { print NR "," $0 }' "$tb" >"$t/tb.csv"
maxts=$(awk -F, 'NR == 1 || $6 > m { m = $6 } END { print m }' "$t/tb.csv")
# user / item with the most events (ties: smallest id)
awk -F, '{ c[$2]++ } END { for (k in c) print c[k], k }' "$t/tb.csv" |
	sort -k1,1nr -k2,2 | head -n 5 | awk '{ print $2 }' >"$t/tb-top-users"
awk -F, '{ c[$3]++ } END { for (k in c) print c[k], k }' "$t/tb.csv" |
	sort -k1,1nr -k2,2 | head -n 5 | awk '{ print $2 }' >"$t/tb-top-items"

while read -r u; do
	# counts: pv view, buy purchase, cart cart (fav is none of the four)
	set -- $(awk -F, -v u="$u" '$2 == u { c[$5]++ }
		END { print c["pv"] + 0, 0, c["cart"] + 0, c["buy"] + 0 }' "$t/tb.csv")
	check "taobao user $u n_view" "$1" "$(field "$t/tb-users.tsv" "$u" 2)"
	check "taobao user $u n_click" "$2" "$(field "$t/tb-users.tsv" "$u" 3)"
	check "taobao user $u n_cart" "$3" "$(field "$t/tb-users.tsv" "$u" 4)"
	check "taobao user $u n_purchase" "$4" "$(field "$t/tb-users.tsv" "$u" 5)"
	want=$(awk -F, -v u="$u" '$2 == u && $5 == "pv" { print $6, $1, $3 }' "$t/tb.csv" |
		sort -k1,1nr -k2,2nr | awk '!s[$3]++ { print $3 }' | head -n 10 | paste -s -d ' ' -)
	check "taobao user $u last_items" "$want" "$(field "$t/tb-users.tsv" "$u" 13)"
	want=$(awk -F, -v u="$u" '$2 == u { c[$4]++ } END { for (k in c) print c[k], k }' "$t/tb.csv" |
		sort -k1,1nr -k2,2 | head -n 3 | awk '{ print $2 }' | paste -s -d ' ' -)
	check "taobao user $u top_categories" "$want" "$(field "$t/tb-users.tsv" "$u" 9)"
	# frequency: distinct purchase times; recency: whole days to max ts + 1
	want=$(awk -F, -v u="$u" '$2 == u && $5 == "buy" && !s[$6]++ { n++ } END { print n + 0 }' "$t/tb.csv")
	check "taobao user $u frequency" "$want" "$(field "$t/tb-users.tsv" "$u" 7)"
	want=$(awk -F, -v u="$u" -v m="$maxts" '$2 == u && $5 == "buy" && $6 > l { l = $6 }
		END { if (l != "") print int((m + 1 - l) / 86400) }' "$t/tb.csv")
	check "taobao user $u recency_days" "$want" "$(field "$t/tb-users.tsv" "$u" 6)"
done <"$t/tb-top-users"

while read -r i; do
	set -- $(awk -F, -v i="$i" '$3 == i { c[$5]++ }
		END { print c["pv"] + 0, c["cart"] + 0, c["buy"] + 0 }' "$t/tb.csv")
	check "taobao item $i n_view" "$1" "$(field "$t/tb-items.tsv" "$i" 2)"
	check "taobao item $i n_cart" "$2" "$(field "$t/tb-items.tsv" "$i" 4)"
	check "taobao item $i n_purchase" "$3" "$(field "$t/tb-items.tsv" "$i" 5)"
done <"$t/tb-top-items"
nu=$(awk -F, '{ print $2 }' "$t/tb.csv" | sort -u | wc -l | tr -d ' ')
check "taobao number of users" "$nu" "$(wc -l <"$t/tb-users.tsv" | awk '{ print $1 - 1 }')"

# ---- DIGINETICA ----
"$EC_BIN/ec-ingest" -q --set event=view --user-from-session "$dg" >"$t/dg.jsonl" ||
	{ echo "real/features: ec-ingest failed on $dg"; exit 1; }
"$EC_BIN/ec-features" users -q --of tsv "$t/dg.jsonl" >"$t/dg-users.tsv" || exit 1
"$EC_BIN/ec-features" items -q --of tsv "$t/dg.jsonl" >"$t/dg-items.tsv" || exit 1

# user: user_id, or the session when it is NA; ts: the date
awk -F';' 'NR > 1 { u = ($2 == "NA" || $2 == "") ? $1 : $2
	if (!seen[u FS $3 FS $5]++) print NR ";" u ";" $3 ";" $5 }' "$dg" >"$t/dg.csv"
awk -F';' '{ c[$2]++ } END { for (k in c) print c[k], k }' "$t/dg.csv" |
	sort -k1,1nr -k2,2 | head -n 5 | awk '{ print $2 }' >"$t/dg-top-users"
awk -F';' '{ c[$3]++ } END { for (k in c) print c[k], k }' "$t/dg.csv" |
	sort -k1,1nr -k2,2 | head -n 5 | awk '{ print $2 }' >"$t/dg-top-items"

while read -r u; do
	want=$(awk -F';' -v u="$u" '$2 == u { n++ } END { print n + 0 }' "$t/dg.csv")
	check "diginetica user $u n_view" "$want" "$(field "$t/dg-users.tsv" "$u" 2)"
	want=$(awk -F';' -v u="$u" '$2 == u { print $4, $1, $3 }' "$t/dg.csv" |
		sort -k1,1r -k2,2nr | awk '!s[$3]++ { print $3 }' | head -n 10 | paste -s -d ' ' -)
	check "diginetica user $u last_items" "$want" "$(field "$t/dg-users.tsv" "$u" 13)"
done <"$t/dg-top-users"
while read -r i; do
	want=$(awk -F';' -v i="$i" '$3 == i { n++ } END { print n + 0 }' "$t/dg.csv")
	check "diginetica item $i n_view" "$want" "$(field "$t/dg-items.tsv" "$i" 2)"
done <"$t/dg-top-items"
nu=$(awk -F';' '{ print $2 }' "$t/dg.csv" | sort -u | wc -l | tr -d ' ')
check "diginetica number of users" "$nu" "$(wc -l <"$t/dg-users.tsv" | awk '{ print $1 - 1 }')"

# Groceries (arules): each basket becomes the purchase events of one order
# (item names with '_' for spaces: basket items are space-separated);
# `baskets` must give every basket back, items in their order.
gr=$EC_SHARED/data/groceries/groceries.csv
awk -F',' '{ for (i = 1; i <= NF; i++) { it = $i; gsub(/ /, "_", it)
	printf "{\"ts\":\"2024-01-01T00:00:00Z\",\"user\":\"c%d\",\"item\":\"%s\",\"event\":\"purchase\",\"order\":\"%06d\"}\n", NR, it, NR } }' \
	"$gr" >"$t/gr.jsonl"
"$EC_BIN/ec-features" baskets -q --of tsv "$t/gr.jsonl" >"$t/gr-baskets.tsv" || exit 1
check "groceries number of baskets" "$(grep -c . "$gr")" "$(awk 'END { print NR - 1 }' "$t/gr-baskets.tsv")"
for n in 1 2 3 100 5000 9835; do
	want=$(sed -n "${n}p" "$gr" | awk -F',' '{ for (i = 1; i <= NF; i++) { it = $i; gsub(/ /, "_", it); printf "%s%s", (i > 1 ? " " : ""), it } print "" }')
	check "groceries basket $n" "$want" "$(field "$t/gr-baskets.tsv" "$(printf '%06d' "$n")" 4)"
done
want=$(awk -F',' '{ n += NF } END { print n }' "$gr")
check "groceries items in all baskets" "$want" "$(awk -F'\t' 'NR > 1 { n += split($4, a, " ") } END { print n }' "$t/gr-baskets.tsv")"

if [ "$bad" -ne 0 ]; then
	echo "real/features: mismatches among $checked checks"
	exit 1
fi
echo "real/features: $checked checks on Taobao and DIGINETICA users and items and Groceries baskets agree"
exit 0
