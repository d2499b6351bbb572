#!/bin/sh
# tests/real/features-synth.sh: ec-features recovers what ec-synth planted.
#
# A synthetic shop (ec-synth --seed 1 --users 2000 --items 500 --days 120)
# comes with truth.json: each registered user's category preferences
# ("top", strongest first) and the weekday factors of activity
# (events.dow_factors). Checked here:
#   - users: for the registered users with at least 20 events, the planted
#     strongest category is the first of top_categories for at least 90%;
#   - sales: the daily sold quantity of all items, averaged per weekday
#     (ISO, from the zero-filled series), peaks on the planted peak weekday
#     and correlates with the planted factors (Pearson r >= 0.8);
#   - samples: on the same log, no row's history names an item that the
#     user only touched at or after the row's time (leakage), checked
#     against the events themselves.
# Python 3 (standard library only) does the arithmetic on the outputs.
#
# Environment: EC_BIN (default: bin/ of this repository). Exit 0 pass,
# 1 fail, 77 when ec-synth or python3 is missing.
set -u
LC_ALL=C
export LC_ALL
top=$(cd "$(dirname "$0")/../.." && pwd)
EC_BIN=${EC_BIN:-$top/bin}
if [ ! -x "$EC_BIN/ec-synth" ]; then
	echo "SKIP real/features-synth: $EC_BIN/ec-synth not found"
	exit 77
fi
py=
for p in /usr/bin/python3 python3; do
	if command -v "$p" >/dev/null 2>&1; then
		py=$p
		break
	fi
done
if [ -z "$py" ]; then
	echo "SKIP real/features-synth: python3 not found"
	exit 77
fi

t=$(mktemp -d "${TMPDIR:-/tmp}/ec-features-synth.XXXXXX") || exit 1
trap 'rm -rf "$t"' EXIT
"$EC_BIN/ec-synth" -q --seed 1 --users 2000 --items 500 --days 120 -o "$t/shop" || exit 1
# as-of: the day after the last simulated day (2024-01-01 + 120 days)
asof=2024-04-30T00:00:00Z
ev=$t/shop/events.jsonl.zst
"$EC_BIN/ec-features" users -q --as-of $asof "$ev" >"$t/users.jsonl" || exit 1
"$EC_BIN/ec-features" sales -q --as-of $asof --freq day "$ev" >"$t/sales.csv" || exit 1
"$EC_BIN/ec-features" samples -q --as-of $asof --hist 10 "$ev" >"$t/samples.jsonl" || exit 1
zstd -dc "$ev" >"$t/events.jsonl" || exit 1

"$py" - "$t" <<'EOF'
import csv, datetime, json, math, sys
from collections import Counter, defaultdict

t = sys.argv[1]
truth = json.load(open(t + "/shop/truth.json"))
ok = True

# --- users: planted top category first in top_categories
nev = Counter()
touched = defaultdict(list)              # user -> [(ts, item)]
for line in open(t + "/events.jsonl"):
    e = json.loads(line)
    nev[e["user"]] += 1
    if "item" in e:
        touched[e["user"]].append((e["ts"], e["item"]))
prof = {}
for line in open(t + "/users.jsonl"):
    r = json.loads(line)
    prof[r["user"]] = r
n = hit = 0
for u, tr in truth["users"].items():
    if nev[u] < 20 or u not in prof:
        continue
    n += 1
    first = prof[u].get("top_categories", "").split(" ")[0]
    hit += first == tr["top"][0][0]
share = hit / n if n else 0
print("users: planted top category first for %d of %d users with >= 20 events (%.1f%%)"
      % (hit, n, 100 * share))
if n < 500 or share < 0.9:
    print("FAIL: need >= 90% of at least 500 users")
    ok = False

# --- sales: weekly pattern of the total daily quantity
days = defaultdict(float)
for r in csv.DictReader(open(t + "/sales.csv")):
    days[r["ts"]] += float(r["value"])
by = defaultdict(list)
for d, v in days.items():
    by[datetime.date.fromisoformat(d).isoweekday()].append(v)
names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
mean = [sum(by[k]) / len(by[k]) for k in range(1, 8)]
fac = [truth["events"]["dow_factors"][k] for k in names]
def pearson(a, b):
    ma, mb = sum(a) / len(a), sum(b) / len(b)
    sab = sum((x - ma) * (y - mb) for x, y in zip(a, b))
    return sab / math.sqrt(sum((x - ma) ** 2 for x in a) * sum((y - mb) ** 2 for y in b))
r = pearson(mean, fac)
peak = names[mean.index(max(mean))]
want = names[fac.index(max(fac))]
print("sales: daily quantity per weekday " +
      " ".join("%s %.1f" % (k, m) for k, m in zip(names, mean)) +
      "; peak %s (planted %s), r = %.3f with the planted factors" % (peak, want, r))
if peak != want or r < 0.8:
    print("FAIL: the planted weekly seasonality does not show")
    ok = False

# --- samples: no history item touched only at or after the row's time
rows = bad = 0
for line in open(t + "/samples.jsonl"):
    s = json.loads(line)
    rows += 1
    before = {i for ts, i in touched[s["user"]] if ts < s["ts"]}
    hist = s.get("hist_items", "").split()
    if any(i not in before for i in hist) or len(hist) > 10:
        bad += 1
print("samples: %d rows, %d with history from the future" % (rows, bad))
if rows < 10000 or bad:
    print("FAIL: leakage or too few samples")
    ok = False
sys.exit(0 if ok else 1)
EOF
