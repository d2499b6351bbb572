"""Compare ec-price fit output with ec-synth's planted elasticities.

usage: price_truth.py truth.json fit.csv prices.csv MIN_CHANGES MAX_SE
Prints: items judged, max |error|, share within 0.15, coverage of the 95%
intervals (all estimated items), then one line per item outside 0.15.
Items "with enough price variation": at least MIN_CHANGES price changes, a
standard deviation of log price of at least 0.05 over the data, and so a
standard error of the elasticity of at most MAX_SE (price variation is what
makes the estimate precise; with MAX_SE 0.075 the +-0.15 band is two
standard errors).
"""
import csv, json, math, sys
from collections import defaultdict

truth = json.load(open(sys.argv[1]))["elasticity"]
rows = list(csv.DictReader(open(sys.argv[2])))
logp = defaultdict(list)
for r in csv.DictReader(open(sys.argv[3])):
    logp[r["item"]].append(math.log(float(r["price"])))
minch = int(sys.argv[4])
maxse = float(sys.argv[5])

def sd(x):
    m = sum(x) / len(x)
    return math.sqrt(sum((v - m) ** 2 for v in x) / len(x))

judged = within = covered = est = 0
maxerr = 0.0
bad = []
for r in rows:
    t = truth[r["item"]]["elasticity"]
    if r["elasticity"] == "":
        continue
    e, lo, hi = float(r["elasticity"]), float(r["lo95"]), float(r["hi95"])
    est += 1
    covered += lo <= t <= hi
    if int(r["price_changes"]) >= minch and sd(logp[r["item"]]) >= 0.05 and float(r["se"]) <= maxse:
        judged += 1
        err = abs(e - t)
        maxerr = max(maxerr, err)
        if err <= 0.15:
            within += 1
        else:
            bad.append("%s truth %.3f est %.3f [%s, %s] %s" % (r["item"], t, e, lo, hi, r["method"]))
print("judged %d max_err %.3f within %d share %.3f coverage %d/%d %.3f" % (
    judged, maxerr, within, within / max(judged, 1), covered, est, covered / max(est, 1)))
for b in bad:
    print(b)
