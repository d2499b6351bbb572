#!/bin/sh
# tests/real/price.sh: ec-price fit on the real retail_price.csv (Kaggle
# "Retail Price Optimization": 676 monthly rows of 52 products in 9
# categories with their unit price, quantity and three competitors'
# prices; read in place from $EC_SHARED/data/retail-price-optimization).
#   - every row is read, none rejected; 52 items; health1 (always 84.99)
#     and health4 (always 29.9) never changed price (checked with awk) and
#     get their category's estimate (method "category");
#   - bed1's regression (16 months; price, competitor 1, trend) equals an
#     independent least-squares solve in plain Python (price_ols.py) to 6
#     significant digits: elasticity, standard error, competitor and trend
#     coefficients, intercept;
#   - the pooled elasticity of all items (DerSimonian-Laird) and its 95%
#     interval, the figures quoted in README: -1.86 [-4.05, 0.33];
#   - three bad rows appended to the file (price 0, qty -1, no month) go to
#     --rejects with their line numbers 678-680 and reasons, the rest of the
#     fit unchanged.
set -u
LC_ALL=C
export LC_ALL
top=$(cd "$(dirname "$0")/../.." && pwd)
EC_BIN=${EC_BIN:-$top/bin}
EC_SHARED=${EC_SHARED:-$top/../shared}
d=$EC_SHARED/data/retail-price-optimization/retail_price.csv
if [ ! -f "$d" ]; then
	echo "SKIP real/price: $d not found"
	exit 77
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP real/price: python3 not found"
	exit 77
fi
t=$(mktemp -d "${TMPDIR:-/tmp}/ec-real-price.XXXXXX") || exit 1
trap 'rm -rf "$t"' EXIT
fail=0
check() { # what expected got
	if [ "$2" = "$3" ]; then
		echo "ok   $1: $3"
	else
		echo "FAIL $1: expected '$2', got '$3'"
		fail=1
	fi
}
map=item=product_id,ts=month_year,price=unit_price,category=product_category_name,comp_price=comp_1
"$EC_BIN/ec-price" fit --time-format %d-%m-%Y --map $map --pooled "$t/pool.csv" \
	-o "$t/fit.csv" "$d" 2>"$t/err" || { cat "$t/err"; exit 1; }
cat "$t/err"
check "records, rejected, items" "676 records, 0 rejected, 52 items" \
	"$(sed -n 's/^ec-price: \([0-9]* records, [0-9]* rejected, [0-9]* items\).*/\1/p' "$t/err")"
check "never-changed items" "health1 category 0
health4 category 0" "$(awk -F, '$7 == "category" { print $1, $7, $6 }' "$t/fit.csv" | sort)"
check "bed1 by independent OLS" "$(python3 "$top/tests/real/price_ols.py" "$d" bed1)" \
	"$(awk -F, '$1 == "bed1" { print $10, $11, $16, $17, $14 }' "$t/fit.csv" |
	   awk '{ for (i = 1; i <= NF; i++) printf "%s%.6g", (i > 1 ? " " : ""), $i; print "" }')"
check "pooled elasticity of all items" "* 50 -1.86 -4.05 0.33" \
	"$(awk -F, '$1 == "*" { printf "%s %s %.2f %.2f %.2f\n", $1, $2, $3, $4, $5 }' "$t/pool.csv")"
awk -F, '$1 != "*" && NR > 1 { printf "  %-22s %2d items  %8.2f [%.2f, %.2f]\n", $1, $2, $3, $4, $5 }' \
	"$t/pool.csv"
# bad rows, appended to a copy in the scratch directory
{ cat "$d"
  echo 'bed1,bed_bath_table,01-09-2018,2,0,15,0,39,161,2,350,4,57,23,8,1,9,2018,10,3800,89.9,3.9,15,215,4.4,8.76,45.95,4,15.1,45.9'
  echo 'bed1,bed_bath_table,01-10-2018,-1,45,15,45,39,161,2,350,4,57,23,8,1,10,2018,10,3800,89.9,3.9,15,215,4.4,8.76,45.95,4,15.1,45.9'
  echo 'bed1,bed_bath_table,,2,45,15,45,39,161,2,350,4,57,23,8,1,10,2018,10,3800,89.9,3.9,15,215,4.4,8.76,45.95,4,15.1,45.9'
} >"$t/bad.csv"
"$EC_BIN/ec-price" fit -q --time-format %d-%m-%Y --map $map --rejects "$t/rej.jsonl" \
	-o "$t/fit2.csv" "$t/bad.csv" || exit 1
check "rejects" "678 price '0' is not a positive number
679 qty '-1' is not a number >= 0
680 missing ts" "$(python3 -c '
import json, sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    print(r["line"], r["reason"])' "$t/rej.jsonl")"
check "fit unchanged by the rejected rows" "same" \
	"$(cmp -s "$t/fit.csv" "$t/fit2.csv" && echo same || echo differs)"
exit $fail
