# rules_apriori.py: an independent miner for association rules, for the
# real-data test (tests/real/rules.sh) and the benchmark
# (tests/bench/rules.sh): level-wise Apriori (Agrawal & Srikant 1994) over
# vertical tid-lists held as Python integers used as bitsets, so it shares
# nothing with ec-rules' FP-growth. Rules X => y with a single item on the
# right, as arules gives them; the {} => y rules when y's support reaches
# the minimum confidence. Plain Python 3 standard library.
#
# usage: rules_apriori.py BASKETS.csv MINSUPP MINCONF OUT
#   BASKETS.csv: one basket per line, items separated by commas
#   OUT: one rule per line, "lhs|rhs|support|confidence|lift|conviction|
#        leverage||count", sorted as ec-rules sorts; prints "ITEMSETS RULES"
import sys, csv
path, minsupp, minconf, out = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
baskets = [sorted(set(r)) for r in csv.reader(open(path, newline=''))]
N = len(baskets)
tid = {}
for b, items in enumerate(baskets):
    for it in items:
        tid[it] = tid.get(it, 0) | (1 << b)
pc = lambda x: bin(x).count('1')
freq = {}
level = {}
for it, bits in tid.items():
    c = pc(bits)
    if c / N >= minsupp:
        level[(it,)] = bits
        freq[(it,)] = c
k = 1
while level and k < 10:
    keys = sorted(level)
    nxt = {}
    for i in range(len(keys)):
        a = keys[i]
        for j in range(i + 1, len(keys)):
            b = keys[j]
            if a[:-1] != b[:-1]:
                break
            z = a + (b[-1],)
            if any(z[:m] + z[m + 1:] not in level for m in range(len(z))):
                continue
            bits = level[a] & level[b]
            c = pc(bits)
            if c / N >= minsupp:
                nxt[z] = bits
                freq[z] = c
    level = nxt
    k += 1
g6 = lambda v: '%.6g' % v
rules = []
for z, c in freq.items():
    for m in range(len(z)):
        x = z[:m] + z[m + 1:]
        y = z[m]
        cx = freq[x] if x else N
        conf = c / cx
        if conf < minconf:
            continue
        sy = freq[(y,)] / N
        lift = conf / sy
        conv = 'null' if conf >= 1 else g6((1 - sy) / (1 - conf))
        lev = c / N - (cx / N) * sy
        rules.append((-lift, -conf, -(c / N), x, y, c, conv, lev))
rules.sort()
with open(out, 'w') as f:
    for r in rules:
        f.write('%s|%s|%s|%s|%s|%s|%s|%s|%d\n' % (','.join(r[3]), r[4], g6(r[5] / N),
                g6(-r[1]), g6(-r[0]), r[6], g6(r[7]), '', r[5]))
print(len(freq), len(rules))
