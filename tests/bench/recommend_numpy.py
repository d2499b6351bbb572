"""EASE on MovieLens 100K in NumPy/SciPy, the peer of ec-train -m ease +
ec-recommend + ec-eval ranking in tests/bench/recommend.sh: the same split
files, X binary (users x items, scipy.sparse), G = X'X + 200 I dense,
P = inv(G) (numpy.linalg.inv), B = -P / diag(P) with a zero diagonal,
scores X B with training items at -inf, top 20 by argpartition + argsort,
Recall@20 (denominator min(|test|, 20)) and NDCG@20. Prints
"wall_seconds cpu_seconds recall ndcg" (both exclude Python start-up and
imports; run with OPENBLAS_NUM_THREADS=1 the CPU time is one core's).
usage: recommend_numpy.py TRAIN.jsonl TEST.jsonl"""
import json
import math
import sys
import time

import numpy as np
import scipy.sparse as sp

t0 = time.perf_counter()
c0 = time.process_time()
train = [json.loads(l) for l in open(sys.argv[1])]
test = [json.loads(l) for l in open(sys.argv[2])]
users = {}
items = {}
rows, cols = [], []
for r in train:
    rows.append(users.setdefault(r["user"], len(users)))
    cols.append(items.setdefault(r["item"], len(items)))
X = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(users), len(items)))
X.data[:] = 1.0
G = (X.T @ X).toarray()
G[np.diag_indices_from(G)] += 200.0
P = np.linalg.inv(G)
B = P / (-np.diag(P))
B[np.diag_indices_from(B)] = 0.0
S = np.asarray(X @ B)
S[X.nonzero()] = -np.inf
top = np.argpartition(-S, 20, axis=1)[:, :20]
order = np.take_along_axis(S, top, axis=1).argsort(axis=1)[:, ::-1]
top = np.take_along_axis(top, order, axis=1)
truth = {}
for r in test:
    truth.setdefault(r["user"], set()).add(r["item"])
names = {v: k for k, v in items.items()}
rec = ndcg = 0.0
for u, t in truth.items():
    hits = [1 if names[j] in t else 0 for j in top[users[u]]]
    m = min(len(t), 20)
    rec += sum(hits) / m
    ndcg += sum(h / math.log2(i + 2) for i, h in enumerate(hits)) / sum(
        1 / math.log2(i + 2) for i in range(m))
t1 = time.perf_counter()
c1 = time.process_time()
print("%.3f %.3f %.6f %.6f" % (t1 - t0, c1 - c0, rec / len(truth), ndcg / len(truth)))
