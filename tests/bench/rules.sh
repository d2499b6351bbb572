#!/bin/sh
# rules.sh: ec-rules mine against a Python Apriori on the same baskets
# (part of `make bench`). arules (R) is not packaged in Debian 12 and
# mlxtend is not either, and this machine reaches no other registry, so the
# peer is the independent level-wise Apriori of tests/real/rules_apriori.py
# (vertical tid-lists as Python integers: what a Python user without
# mlxtend would write). Both must find the same number of itemsets' rules.
# Runs on Groceries (../shared/data, when present) and on 1,000,000
# synthetic baskets (the first 100,000 of them for the Python peer, which
# would take hours on all). Results go to build/bench/rules.txt.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
EC_SHARED=${EC_SHARED:-$top/../shared}
out=build/bench
mkdir -p "$out"
py=/usr/bin/python3
[ -x "$py" ] || py=python3
apriori=tests/real/rules_apriori.py
res=$out/rules.txt
: > "$res"

run() { # label file minsupp minconf
	/usr/bin/time -f '%e %M' -o "$out/t.ec" bin/ec-rules mine -q --min-support "$3" \
		--min-confidence "$4" "$2" > "$out/r.jsonl" || return 1
	/usr/bin/time -f '%e %M' -o "$out/t.py" "$py" "$apriori" "$2" "$3" "$4" "$out/r.py" \
		> "$out/n.py" || return 1
	nec=$(grep -c . "$out/r.jsonl")
	npy=$(awk '{ print $2 }' "$out/n.py")
	read -r tec mec < "$out/t.ec"
	read -r tpy mpy < "$out/t.py"
	printf '%-34s %7s %9.2f %8.0f %9.2f %8.0f %7.1fx %6s\n' "$1" "$nec" "$tec" \
		"$(echo "$mec" | awk '{ print $1 / 1024 }')" "$tpy" \
		"$(echo "$mpy" | awk '{ print $1 / 1024 }')" \
		"$(awk -v a="$tpy" -v b="$tec" 'BEGIN { print (b > 0 ? a / b : 0) }')" \
		"$([ "$nec" = "$npy" ] && echo same || echo DIFF)" | tee -a "$res"
	[ "$nec" = "$npy" ]
}

printf '%-34s %7s %9s %8s %9s %8s %8s %6s\n' "baskets, minsupp/minconf" rules "ec s" "ec MB" \
	"apriori s" "py MB" speedup rules | tee -a "$res"
fail=0
g=$EC_SHARED/data/groceries/groceries.csv
if [ -f "$g" ]; then
	run "Groceries 9,835, 0.001/0.5" "$g" 0.001 0.5 || fail=1
else
	echo "rules bench: $g not found: Groceries skipped"
fi
if [ ! -s "$out/baskets1m.csv" ]; then
	"$py" - "$out/baskets1m.csv" <<'PY'
import sys
x = 12345
def rnd():
    global x
    x = (x * 6364136223846793005 + 1442695040888963407) % (1 << 64)
    return x >> 33
with open(sys.argv[1], 'w') as f:
    for b in range(1000000):
        items = set()
        for _ in range(1 + rnd() % 8):
            r = rnd() % 1000000
            items.add('p%d' % int(2000 * (r / 1000000.0) ** 3))
        f.write(','.join(sorted(items)) + '\n')
PY
fi
head -n 100000 "$out/baskets1m.csv" > "$out/baskets100k.csv"
run "synthetic 100,000, 0.001/0.1" "$out/baskets100k.csv" 0.001 0.1 || fail=1
# the Python peer would take hours on a million baskets: ec-rules alone
/usr/bin/time -f '%e %M' -o "$out/t.ec" bin/ec-rules mine -q --min-support 0.0005 \
	--min-confidence 0.1 "$out/baskets1m.csv" > "$out/r.jsonl" || fail=1
read -r tec mec < "$out/t.ec"
printf '%-34s %7s %9.2f %8.0f %9s %8s %8s %6s\n' "synthetic 1,000,000, 0.0005/0.1" \
	"$(grep -c . "$out/r.jsonl")" "$tec" "$(echo "$mec" | awk '{ print $1 / 1024 }')" - - - - |
	tee -a "$res"
[ "$fail" -eq 0 ] || echo "rules bench: the two miners disagree"
exit "$fail"
