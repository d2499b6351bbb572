"""ec-price fit's regression re-run with statsmodels OLS on a sample of
items (peer check for tests/bench/price.sh).

usage: price_statsmodels.py sample.csv fit.csv
sample.csv: item,ts,price,qty,promo,... rows of the sampled items (daily);
fit.csv: ec-price fit output. The design is the one ec-price documents for
daily data without a competitor price: const, log(price), promo (when it
varies), trend in years since the item's first day, weekday dummies
Tuesday..Sunday (Monday the reference); y = log(qty + 0.5).
Prints the number of items and the largest absolute differences of the
elasticity, its standard error, promo, trend and intercept.
"""
import csv, sys
from collections import defaultdict
from datetime import date

import numpy as np
import statsmodels.api as sm

rows = defaultdict(list)
for r in csv.DictReader(open(sys.argv[1])):
    rows[r["item"]].append(r)
fit = {r["item"]: r for r in csv.DictReader(open(sys.argv[2]))}
worst = defaultdict(float)
n = 0
for item, rs in rows.items():
    f = fit[item]
    if f["ols_elasticity"] == "":
        continue
    days = np.array([date.fromisoformat(r["ts"][:10]).toordinal() for r in rs], float)
    order = np.argsort(days, kind="stable")
    days = days[order]
    price = np.array([float(rs[i]["price"]) for i in order])
    qty = np.array([float(rs[i]["qty"]) for i in order])
    promo = np.array([float(rs[i]["promo"]) for i in order])
    dow = (days - 1) % 7  # date.toordinal: 1 is Monday 0001-01-01, so Monday -> 0
    cols = [np.ones_like(price), np.log(price)]
    names = ["const", "logp"]
    if promo.min() != promo.max():
        cols.append(promo); names.append("promo")
    cols.append((days - days[0]) / 365.0); names.append("trend")
    for k in range(1, 7):
        if (dow == k).any():
            cols.append((dow == k).astype(float)); names.append("dow%d" % k)
    X = np.column_stack(cols)
    res = sm.OLS(np.log(qty + 0.5), X).fit()
    b = dict(zip(names, res.params))
    se = dict(zip(names, res.bse))
    n += 1
    for key, ours, theirs in [("elasticity", f["ols_elasticity"], b["logp"]),
                              ("se", f["ols_se"], se["logp"]),
                              ("promo", f["promo"], b.get("promo", float("nan"))),
                              ("trend", f["trend"], b["trend"]),
                              ("intercept", f["intercept"], b["const"])]:
        if ours == "":
            continue
        worst[key] = max(worst[key], abs(float(ours) - theirs))
print("items %d  max |diff|: %s" % (n, "  ".join("%s %.2e" % kv for kv in worst.items())))
