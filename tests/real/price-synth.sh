#!/bin/sh
# tests/real/price-synth.sh: ec-price fit on ec-synth's prices, whose
# elasticities are planted (truth.json). A shop of 100 priced items over
# 365 days (seed 1), pooled by top category (the level at which ec-synth
# draws the category means):
#   - items with enough price variation (>= 10 price changes, sd of log
#     price >= 0.05, standard error <= 0.075) are within +-0.15 of the
#     truth for at least 85% of them (the share and the largest error are
#     printed; seed 1 gives 49 items, all within, max error 0.13);
#   - the 95% intervals of all items cover the truth for at least 85% of
#     them (94% with seed 1; nominal 95%);
#   - every item whose price never changed has method "category".
# Needs python3 (standard library) for the comparison; no shared data.
set -u
LC_ALL=C
export LC_ALL
top=$(cd "$(dirname "$0")/../.." && pwd)
EC_BIN=${EC_BIN:-$top/bin}
if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP real/price-synth: python3 not found"
	exit 77
fi
t=$(mktemp -d "${TMPDIR:-/tmp}/ec-real-price.XXXXXX") || exit 1
trap 'rm -rf "$t"' EXIT
fail=0
"$EC_BIN/ec-synth" -q --seed 1 --users 200 --days 365 -o "$t/shop" || exit 1
"$EC_BIN/ec-price" fit -q --category-depth 1 -o "$t/fit.csv" "$t/shop/prices.csv" || exit 1
out=$(python3 "$top/tests/real/price_truth.py" "$t/shop/truth.json" "$t/fit.csv" \
	"$t/shop/prices.csv" 10 0.075) || exit 1
echo "$out"
set -- $(echo "$out" | head -1)
# judged N max_err X within N share X coverage C/N X
judged=$2 share=$8 cover=${11}
echo "items judged $judged, share within 0.15: $share, 95% interval coverage: $cover"
awk -v j="$judged" -v s="$share" -v c="$cover" 'BEGIN { exit !(j >= 30 && s >= 0.85 && c >= 0.85) }' ||
	{ echo "FAIL: judged >= 30, share >= 0.85 and coverage >= 0.85 expected"; fail=1; }
# fixed-price items: method category
fixed=$(grep -o '"i[0-9]*": {"elasticity": [^}]*"fixed_price": true' "$t/shop/truth.json" |
	sed 's/^"\([^"]*\)".*/\1/' | sort)
cat_items=$(awk -F, 'NR > 1 && $7 == "category" { print $1 }' "$t/fit.csv" | sort)
if [ "$fixed" != "$cat_items" ]; then
	echo "FAIL: fixed-price items and method=category items differ"
	fail=1
else
	echo "fixed-price items with the category's estimate: $(echo "$fixed" | wc -l)"
fi
exit $fail
