"""Independent least squares for one item of retail_price.csv, standard
library only: normal equations solved by Gauss-Jordan elimination, with the
model ec-price fit uses on monthly data with a competitor price:
log(qty + 1/2) = a + e log(unit_price) + g log(comp_1) + d years_since_first.

usage: price_ols.py retail_price.csv ITEM
prints: elasticity se comp trend intercept (6 significant digits)
"""
import csv, math, sys
from datetime import date

rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["product_id"] == sys.argv[2]]
def day(s):
    d, m, y = s.split("-")
    return date(int(y), int(m), int(d)).toordinal()
rows.sort(key=lambda r: day(r["month_year"]))
t0 = day(rows[0]["month_year"])
X = [[1.0, math.log(float(r["unit_price"])), math.log(float(r["comp_1"])),
      (day(r["month_year"]) - t0) / 365.0] for r in rows]
y = [math.log(float(r["qty"]) + 0.5) for r in rows]
n, p = len(X), 4
A = [[sum(X[i][j] * X[i][k] for i in range(n)) for k in range(p)] +
     [1.0 if j == k else 0.0 for k in range(p)] for j in range(p)]
for c in range(p):
    piv = max(range(c, p), key=lambda r: abs(A[r][c]))
    A[c], A[piv] = A[piv], A[c]
    f = A[c][c]
    A[c] = [v / f for v in A[c]]
    for r in range(p):
        if r != c:
            g = A[r][c]
            A[r] = [a - g * b for a, b in zip(A[r], A[c])]
inv = [row[p:] for row in A]
xty = [sum(X[i][j] * y[i] for i in range(n)) for j in range(p)]
b = [sum(inv[j][k] * xty[k] for k in range(p)) for j in range(p)]
rss = sum((y[i] - sum(X[i][j] * b[j] for j in range(p))) ** 2 for i in range(n))
s2 = rss / (n - p)
print("%.6g %.6g %.6g %.6g %.6g" % (b[1], math.sqrt(s2 * inv[1][1]), b[2], b[3], b[0]))
