#!/bin/sh
# tests/real/rules.sh: ec-rules mine on the Groceries baskets (9,835
# baskets, 169 items; arules' data set), checked against an independent
# brute-force miner written here in plain Python: level-wise (Apriori-style)
# enumeration with transaction-id bit sets, no FP-tree, with arules'
# definitions (support = count / N >= minsupp as doubles, rules X => {y}
# with confidence >= minconf, {} => {y} included, maxlen 10).
#   - the number of frequent itemsets and of rules at support 0.001 /
#     confidence 0.5 (the well-known figure: 5668 rules in arules), and at
#     0.005 / 0.3 and 0.01 / 0.2;
#   - every rule's lhs, rhs, count and its support, confidence, lift,
#     conviction and leverage to 6 significant digits, in the same order;
#   - the three top rules by lift, written out here with their values;
#   - FP-growth's time on Groceries and on 1,000,000 synthetic baskets.
# Exit 0 all equal, 1 a mismatch, 77 when the data is absent.
set -u
LC_ALL=C
export LC_ALL
top=$(cd "$(dirname "$0")/../.." && pwd)
EC_BIN=${EC_BIN:-$top/bin}
EC_SHARED=${EC_SHARED:-$top/../shared}
g=$EC_SHARED/data/groceries/groceries.csv
if [ ! -d "$EC_SHARED/data" ]; then
	echo "SKIP real/rules: $EC_SHARED/data not found"
	exit 77
fi
if [ ! -f "$g" ]; then
	echo "SKIP real/rules: $g not found"
	exit 77
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP real/rules: python3 not found"
	exit 77
fi
t=$(mktemp -d "${TMPDIR:-/tmp}/ec-real-rules.XXXXXX") || exit 1
trap 'rm -rf "$t"' EXIT
fail=0

brute=$(dirname "$0")/rules_apriori.py

# ec-rules' JSONL in the same |-separated layout
flatten() {
	python3 -c '
import sys, json
for line in sys.stdin:
    r = json.loads(line)
    g6 = lambda v: "%.6g" % v
    conv = "null" if r["conviction"] is None else g6(r["conviction"])
    print("%s|%s|%s|%s|%s|%s|%s||%d" % (",".join(r["lhs"]), r["rhs"][0], g6(r["support"]),
          g6(r["confidence"]), g6(r["lift"]), conv, g6(r["leverage"]), r["count"]))'
}

for setting in "0.001 0.5" "0.005 0.3" "0.01 0.2"; do
	set -- $setting
	want=$(python3 "$brute" "$g" "$1" "$2" "$t/want") || { echo "brute force failed"; exit 1; }
	"$EC_BIN/ec-rules" mine -q --min-support "$1" --min-confidence "$2" "$g" >"$t/rules.jsonl" || exit 1
	nsets=$("$EC_BIN/ec-rules" mine -q --itemsets --min-support "$1" "$g" | wc -l)
	nrules=$(wc -l <"$t/rules.jsonl")
	got="$nsets $nrules"
	if [ "$got" != "$want" ]; then
		echo "support $1 confidence $2: itemsets rules: expected $want, got $got"
		fail=1
	else
		echo "support $1 confidence $2: $got itemsets and rules, as the brute force"
	fi
	flatten <"$t/rules.jsonl" >"$t/got"
	if ! cmp -s "$t/want" "$t/got"; then
		echo "support $1 confidence $2: rules differ from the brute force:"
		diff "$t/want" "$t/got" | head -n 10
		fail=1
	fi
done

# the published figures: 5668 rules; the top three by lift
"$EC_BIN/ec-rules" mine -q --min-support 0.001 --min-confidence 0.5 "$g" >"$t/rules.jsonl"
n=$(wc -l <"$t/rules.jsonl")
[ "$n" -eq 5668 ] || { echo "expected 5668 rules, got $n"; fail=1; }
head -n 3 "$t/rules.jsonl" >"$t/top3"
cat >"$t/top3.want" <<'J'
{"lhs":["Instant food products","soda"],"rhs":["hamburger meat"],"support":0.00122013,"confidence":0.631579,"lift":18.9957,"conviction":2.62404,"leverage":0.0011559,"count":12}
{"lhs":["popcorn","soda"],"rhs":["salty snack"],"support":0.00122013,"confidence":0.631579,"lift":16.6978,"conviction":2.61162,"leverage":0.00114706,"count":12}
{"lhs":["baking powder","flour"],"rhs":["sugar"],"support":0.00101678,"confidence":0.555556,"lift":16.4081,"conviction":2.17382,"leverage":0.000954809,"count":10}
J
if ! cmp -s "$t/top3" "$t/top3.want"; then
	echo "top rules by lift differ:"
	diff "$t/top3.want" "$t/top3"
	fail=1
fi

# speed: 1,000,000 synthetic baskets (a fixed LCG; 2,000 items, Zipf-like)
python3 - "$t/big.csv" <<'PY'
import sys
x = 12345
def rnd():
    global x
    x = (x * 6364136223846793005 + 1442695040888963407) % (1 << 64)
    return x >> 33
with open(sys.argv[1], 'w') as f:
    for b in range(1000000):
        n = 1 + rnd() % 8
        items = set()
        for _ in range(n):
            r = rnd() % 1000000
            items.add('p%d' % int(2000 * (r / 1000000.0) ** 3))
        f.write(','.join(sorted(items)) + '\n')
PY
s=$(date +%s.%N)
"$EC_BIN/ec-rules" mine -q --min-support 0.0005 --min-confidence 0.1 "$t/big.csv" >"$t/big.jsonl" || fail=1
e=$(date +%s.%N)
echo "1,000,000 synthetic baskets: $(wc -l <"$t/big.jsonl") rules in $(awk "BEGIN { printf \"%.2f\", $e - $s }") s"
exit $fail
