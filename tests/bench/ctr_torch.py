"""ctr_torch.py: the Wide & Deep of `ec-train -m wd` written in PyTorch, for
tests/bench/ctr.sh. Same features (a vocabulary per categorical column with
an out-of-vocabulary row 0 for values seen fewer than 2 times, a sequence
sharing its target's table, other sequences with their own, mean pooling),
same layers (ReLU MLP, He-normal weights, zero biases, embeddings N(0,
0.05^2)), same optimisers (Adam, beta 0.9/0.999, eps 1e-8, on the MLP; lazy
Adam on the embeddings, i.e. torch.optim.SparseAdam; the wide part by
FTRL-Proximal, vectorised per mini-batch as TensorFlow's FtrlOptimizer does,
where ec applies it example by example), same batch size, epochs and
shuffling scheme (one permutation per epoch), mean log-loss.

usage: ctr_torch.py TRAIN.csv TEST.csv SCORES.csv --seq a,b --target item
       [--hidden 256,128,64] [--dim 16] [--batch 256] [--epochs 3]
       [--lr 0.001] [--threads 2] [--seed 1]
Prints one line: examples/s of the training loop, its seconds, and the
seconds of everything (reading included). Writes label,score to SCORES.csv.
"""
import argparse
import csv
import math
import time

import numpy as np
import torch

t_start = time.time()
ap = argparse.ArgumentParser()
ap.add_argument("train")
ap.add_argument("test")
ap.add_argument("scores")
ap.add_argument("--seq", default="")
ap.add_argument("--target", default="")
ap.add_argument("--hidden", default="256,128,64")
ap.add_argument("--dim", type=int, default=16)
ap.add_argument("--batch", type=int, default=256)
ap.add_argument("--epochs", type=int, default=3)
ap.add_argument("--lr", type=float, default=0.001)
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--seq-len", type=int, default=50)
ap.add_argument("--seed", type=int, default=1)
a = ap.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(a.seed)
np.random.seed(a.seed)

seqs = [s for s in a.seq.split(",") if s]
targets = [t for t in a.target.split(",") if t]


def read(path):
    with open(path, newline="") as f:
        r = csv.reader(f)
        head = next(r)
        return head, list(r)


head, train = read(a.train)
_, test = read(a.test)
col = {c: i for i, c in enumerate(head)}
cats = [c for c in head if c not in ("label", "ts") and c not in seqs]
tab_of = {c: c for c in cats}
for i, s in enumerate(seqs):
    tab_of[s] = targets[i] if i < len(targets) else s
tables = sorted(set(tab_of.values()), key=lambda t: (cats + seqs).index(t))

# vocabularies: counts over the training data, values seen >= 2 times
counts = {t: {} for t in tables}
for row in train:
    for c in cats:
        d = counts[tab_of[c]]
        v = row[col[c]]
        d[v] = d.get(v, 0) + 1
    for s in seqs:
        d = counts[tab_of[s]]
        for v in row[col[s]].split()[: a.seq_len]:
            d[v] = d.get(v, 0) + 1
vocab = {}
for t in tables:
    vocab[t] = {}
    for v, n in counts[t].items():
        if n >= 2:
            vocab[t][v] = len(vocab[t]) + 1

# wide features: every (column, value) of the training data gets a weight
wide_ix = {}


def encode(rows, grow):
    n = len(rows)
    y = np.array([int(r[col["label"]]) for r in rows], dtype=np.float32)
    catx = np.zeros((n, len(cats)), dtype=np.int64)
    seqx = []
    for s in seqs:
        m = np.zeros((n, a.seq_len), dtype=np.int64)
        ln = np.zeros(n, dtype=np.float32)
        seqx.append((m, ln))
    widx, woff = [], [0]
    for i, r in enumerate(rows):
        for j, c in enumerate(cats):
            v = r[col[c]]
            catx[i, j] = vocab[tab_of[c]].get(v, 0)
            k = (c, v)
            if grow and k not in wide_ix:
                wide_ix[k] = len(wide_ix) + 1
            widx.append(wide_ix.get(k, 0))
        for (m, ln), s in zip(seqx, seqs):
            ids = r[col[s]].split()[: a.seq_len]
            for p, v in enumerate(ids):
                m[i, p] = vocab[tab_of[s]].get(v, 0)
                k = (s, v)
                if grow and k not in wide_ix:
                    wide_ix[k] = len(wide_ix) + 1
                widx.append(wide_ix.get(k, 0))
            ln[i] = len(ids)
        woff.append(len(widx))
    return y, catx, seqx, np.array(widx, dtype=np.int64), np.array(woff, dtype=np.int64)


tr = encode(train, True)
te = encode(test, False)
nwide = len(wide_ix) + 1


class WD(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = torch.nn.ModuleDict()
        for t in tables:
            e = torch.nn.Embedding(len(vocab[t]) + 1, a.dim, sparse=True)
            torch.nn.init.normal_(e.weight, 0, 0.05)
            self.emb[t] = e
        layers, n_in = [], (len(cats) + len(seqs)) * a.dim
        for h in [int(x) for x in a.hidden.split(",")]:
            lin = torch.nn.Linear(n_in, h)
            torch.nn.init.kaiming_normal_(lin.weight, nonlinearity="relu")
            torch.nn.init.zeros_(lin.bias)
            layers += [lin, torch.nn.ReLU()]
            n_in = h
        out = torch.nn.Linear(n_in, 1)
        torch.nn.init.kaiming_normal_(out.weight, nonlinearity="relu")
        torch.nn.init.zeros_(out.bias)
        layers.append(out)
        self.mlp = torch.nn.Sequential(*layers)

    def forward(self, catx, seqx):
        parts = [self.emb[tab_of[c]](catx[:, j]) for j, c in enumerate(cats)]
        for (m, ln), s in zip(seqx, seqs):
            e = self.emb[tab_of[s]](m)
            mask = (torch.arange(m.shape[1])[None, :] < ln[:, None]).float()
            pooled = (e * mask[:, :, None]).sum(1) / ln.clamp(min=1)[:, None]
            parts.append(pooled)
        return self.mlp(torch.cat(parts, 1)).squeeze(1)


# FTRL-Proximal state of the wide part (alpha .05, beta 1, l1 1, l2 1), the bias last
alpha, beta, l1, l2 = 0.05, 1.0, 1.0, 1.0
z = torch.zeros(nwide + 1, dtype=torch.float64)
nn_ = torch.zeros(nwide + 1, dtype=torch.float64)


def ftrl_w(ix):
    zz, nv = z[ix], nn_[ix]
    w = -(zz - torch.sign(zz) * l1) / ((beta + torch.sqrt(nv)) / alpha + l2)
    return torch.where(zz.abs() <= l1, torch.zeros_like(w), w)


def batch_of(d, ix):
    y, catx, seqx, widx, woff = d
    ixn = ix.numpy()
    bc = torch.from_numpy(catx[ixn])
    bs = [(torch.from_numpy(m[ixn]), torch.from_numpy(ln[ixn])) for m, ln in seqx]
    starts, ends = woff[ixn], woff[ixn + 1]
    lens = ends - starts
    flat = np.concatenate([widx[s:e] for s, e in zip(starts, ends)]) if len(ixn) else np.zeros(0, np.int64)
    seg = np.repeat(np.arange(len(ixn)), lens)
    return torch.from_numpy(y[ixn]), bc, bs, torch.from_numpy(flat), torch.from_numpy(seg)


def wide_logit(flat, seg, n):
    w = ftrl_w(flat)
    s = torch.zeros(n, dtype=torch.float64).index_add_(0, seg, w)
    return s + ftrl_w(torch.tensor([nwide]))[0]


model = WD()
dense = [p for n_, p in model.named_parameters() if not n_.startswith("emb")]
opt = torch.optim.Adam(dense, lr=a.lr, betas=(0.9, 0.999), eps=1e-8)
sopt = torch.optim.SparseAdam(list(model.emb.parameters()), lr=a.lr, betas=(0.9, 0.999), eps=1e-8)
n = len(tr[0])
t0 = time.time()
for ep in range(a.epochs):
    perm = torch.randperm(n)
    for s in range(0, n, a.batch):
        ix = perm[s : s + a.batch]
        y, bc, bs, flat, seg = batch_of(tr, ix)
        wl = wide_logit(flat, seg, len(ix))
        logit = (model(bc, bs).double() + wl).clamp(-35, 35)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(logit, y.double())
        opt.zero_grad()
        sopt.zero_grad()
        loss.backward()
        opt.step()
        sopt.step()
        with torch.no_grad():
            g = torch.sigmoid(logit) - y.double()
            gi = g[seg]
            gsum = torch.zeros(nwide + 1, dtype=torch.float64)
            gsum.index_add_(0, flat, gi)
            gsum[nwide] += g.sum()
            touched = torch.unique(torch.cat([flat, torch.tensor([nwide])]))
            gt = gsum[touched]
            sigma = (torch.sqrt(nn_[touched] + gt * gt) - torch.sqrt(nn_[touched])) / alpha
            z[touched] += gt - sigma * ftrl_w(touched)
            nn_[touched] += gt * gt
t_train = time.time() - t0
model.eval()
with torch.no_grad():
    m = len(te[0])
    ix = torch.arange(m)
    y, bc, bs, flat, seg = batch_of(te, ix)
    p = torch.sigmoid((model(bc, bs).double() + wide_logit(flat, seg, m)).clamp(-35, 35))
with open(a.scores, "w") as f:
    f.write("label,score\n")
    for yy, pp in zip(y.tolist(), p.tolist()):
        f.write("%d,%.6g\n" % (yy, pp))
print("torch wd: %.0f examples/s, training %.2f s, total %.2f s"
      % (n * a.epochs / t_train, t_train, time.time() - t_start))
