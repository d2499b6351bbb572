#!/usr/bin/python3
"""tests/bench/arima_score.py: scores of tests/bench/arima.sh (stdlib only).

    arima_score.py TRAIN.csv TEST.csv OURS.csv [R.csv]

OURS.csv and R.csv hold one line per series and method (id, method,
model, AICc, seconds, forecasts...). Accuracy uses the M4 definitions
(Makridakis, Spiliotis and Assimakopoulos, IJF 36(1), 2020): sMAPE =
mean of 200 |y - f| / (|y| + |f|); MASE = mean |y - f| over the in-sample
mean absolute seasonal difference at lag 24; both averaged over series.
OWA against the published Naive2 figures for M4 Hourly (18.383, 2.395) is
printed for runs over all 414 series. With R.csv, both sides are also
scored on the series R covered, with the time ratio and how often the
chosen ARIMA orders agree.
"""
import csv
import sys


def read_m4(path):
    out = {}
    with open(path, newline="") as f:
        r = csv.reader(f)
        next(r)
        for row in r:
            out[row[0]] = [float(v) for v in row[1:] if v != ""]
    return out


def read_fc(path, h):
    """The model field holds unquoted commas ("ARIMA(2,0,2)"): split the
    line from both ends."""
    out = {}
    with open(path) as f:
        for line in f:
            row = line.rstrip("\n").split(",")
            if len(row) < h + 5:
                continue
            out[(row[0], row[1])] = {
                "model": ",".join(row[2:-h - 2]),
                "aicc": row[-h - 2],
                "sec": float(row[-h - 1]),
                "f": [float(v) for v in row[-h:]],
            }
    return out


def scores(train, test, fc, ids, method):
    sm, ms, sec = 0.0, 0.0, 0.0
    for i in ids:
        y, f, x = test[i], fc[(i, method)]["f"], train[i]
        h = len(y)
        sm += sum(200 * abs(a - b) / (abs(a) + abs(b)) if abs(a) + abs(b) > 0 else 0
                  for a, b in zip(y, f)) / h
        scale = sum(abs(x[t] - x[t - 24]) for t in range(24, len(x))) / (len(x) - 24)
        mae = sum(abs(a - b) for a, b in zip(y, f)) / h
        ms += mae / scale if scale > 0 else 0
        sec += fc[(i, method)]["sec"]
    n = len(ids)
    return sm / n, ms / n, sec


def order_of(model):
    s = model.replace("MSTL+", "")
    k = s.find("ARIMA(")
    return s[k:].split(" ")[0] if k >= 0 else s


def main():
    train, test = read_m4(sys.argv[1]), read_m4(sys.argv[2])
    h = len(next(iter(test.values())))
    ours = read_fc(sys.argv[3], h)
    theirs = read_fc(sys.argv[4], h) if len(sys.argv) > 4 else {}
    for method, label in (("auto.arima", "ARIMA"), ("mstl", "MSTL(24,168)+ARIMA")):
        ids = sorted({i for (i, m) in ours if m == method}, key=lambda s: int(s[1:]))
        if not ids:
            continue
        s, m, sec = scores(train, test, ours, ids, method)
        line = "ec %-20s %3d series: sMAPE %7.3f  MASE %6.3f" % (label, len(ids), s, m)
        if len(ids) == 414:
            line += "  OWA %.3f" % (0.5 * (s / 18.383 + m / 2.395))
        print(line + "  (%.1f s)" % sec)
        common = [i for i in ids if (i, method) in theirs]
        if not common:
            continue
        s2, m2, sec2 = scores(train, test, theirs, common, method)
        s1, m1, sec1 = scores(train, test, ours, common, method)
        same = sum(order_of(ours[(i, method)]["model"]) == order_of(theirs[(i, method)]["model"])
                   for i in common)
        print("   on the %d series R covered: ec sMAPE %.3f MASE %.3f | R sMAPE %.3f MASE %.3f"
              % (len(common), s1, m1, s2, m2))
        print("   time ec %.1f s, R %.1f s: R/ec = %.0fx; same order %d of %d"
              % (sec1, sec2, sec2 / sec1 if sec1 > 0 else float("inf"), same, len(common)))
        for i in common:
            a, b = ours[(i, method)], theirs[(i, method)]
            print("   %-5s ec %-42s %10s | R %-42s %10s" % (i, a["model"], a["aicc"], b["model"], b["aicc"]))


if __name__ == "__main__":
    main()
