#!/usr/bin/python3
"""lda_peers.py: gensim LdaMulticore and scikit-learn LatentDirichletAllocation
on the tokens ec-lda wrote (`ec-lda tokens --labels COL`: id,label,text with
the text the tokens joined by spaces), with the same vocabulary pruning
(gensim Dictionary.filter_extremes(no_below=min_df, no_above=max_df)), and the
same quality measures as `ec-lda eval`, computed here for every model alike:

  NMI   of each document's dominant topic with its label (scikit-learn's
        normalized_mutual_info_score, arithmetic normalisation);
  NPMI  mean over topics of the mean over pairs of the top 10 words of
        log((p_ij + 1e-12) / (p_i p_j)) / -log(p_ij + 1e-12), probabilities
        by document co-occurrence over the same (pruned) documents; -1 for a
        pair with a word that never occurs.

With --ec-topics and --ec-doc-topics it scores ec-lda's outputs the same way
(dominant topic = the first of each line's "topics").

One JSON line per model on stdout: model, seconds, tokens, nmi, npmi.
Needs Debian's python3-gensim and python3-sklearn (run with /usr/bin/python3).
"""
import argparse
import csv
import json
import math
import sys
import time


def read_tokens(path):
    ids, labels, docs = [], [], []
    csv.field_size_limit(1 << 30)
    with open(path, newline='', encoding='utf-8') as f:
        r = csv.reader(f)
        next(r)
        for row in r:
            ids.append(row[0])
            labels.append(row[1])
            docs.append(row[2].split())
    return ids, labels, docs


def npmi(topics, docsets):
    """topics: lists of words; docsets: list of sets of words."""
    words = {w for t in topics for w in t}
    df = {w: 0 for w in words}
    co = {}
    for s in docsets:
        present = [w for w in words if w in s] if len(s) > len(words) else [w for w in s if w in words]
        for w in present:
            df[w] += 1
        ps = set(present)
        pairs = set()  # a pair shared by two topics counts once per document
        for t in topics:
            inn = [w for w in t if w in ps]
            for i in range(len(inn)):
                for j in range(i + 1, len(inn)):
                    pairs.add((inn[i], inn[j]) if inn[i] < inn[j] else (inn[j], inn[i]))
        for key in pairs:
            co[key] = co.get(key, 0) + 1
    D = float(len(docsets))
    total = 0.0
    for t in topics:
        s, n = 0.0, 0
        for i in range(len(t)):
            for j in range(i + 1, len(t)):
                pi, pj = df[t[i]] / D, df[t[j]] / D
                key = (t[i], t[j]) if t[i] < t[j] else (t[j], t[i])
                pij = co.get(key, 0) / D
                if pi <= 0 or pj <= 0:
                    v = -1.0
                else:
                    v = math.log((pij + 1e-12) / (pi * pj)) / -math.log(pij + 1e-12)
                s += v
                n += 1
        total += s / n if n else 0.0
    return total / len(topics)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('tokens')
    ap.add_argument('-k', type=int, default=10)
    ap.add_argument('--passes', type=int, default=10)
    ap.add_argument('--min-df', type=int, default=5)
    ap.add_argument('--max-df', type=float, default=0.3)
    ap.add_argument('--workers', type=int, default=1)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--models', default='gensim,sklearn')
    ap.add_argument('--ec-topics')
    ap.add_argument('--ec-doc-topics')
    a = ap.parse_args()

    from sklearn.metrics import normalized_mutual_info_score as nmi_score
    from gensim.corpora import Dictionary

    ids, labels, docs = read_tokens(a.tokens)
    dct = Dictionary(docs)
    dct.filter_extremes(no_below=a.min_df, no_above=a.max_df, keep_n=None)
    bows = [dct.doc2bow(d) for d in docs]
    ntok = sum(c for b in bows for _, c in b)
    docsets = [{dct[i] for i, _ in b} for b in bows]

    def report(model, secs, dom, topics):
        print(json.dumps({'model': model, 'seconds': round(secs, 2), 'docs': len(docs),
                          'tokens': ntok, 'vocab': len(dct), 'k': a.k,
                          'nmi': round(nmi_score(labels, dom), 4),
                          'npmi': round(npmi(topics, docsets), 4)}), flush=True)

    if a.ec_topics:
        topics = []
        with open(a.ec_topics, encoding='utf-8') as f:
            for line in f:
                topics.append([w['word'] for w in json.loads(line)['words'][:10]])
        dom = []
        with open(a.ec_doc_topics, encoding='utf-8') as f:
            for line in f:
                dom.append(json.loads(line)['topics'][0]['topic'])
        report('ec-lda', 0, dom, topics)

    models = a.models.split(',') if a.models else []
    if 'gensim' in models:
        from gensim.models import LdaMulticore
        t0 = time.time()
        lda = LdaMulticore(bows, num_topics=a.k, id2word=dct, passes=a.passes,
                           workers=a.workers, random_state=a.seed)
        dom = []
        for b in bows:
            tp = lda.get_document_topics(b, minimum_probability=0.0)
            dom.append(max(tp, key=lambda x: x[1])[0] if tp else 0)
        secs = time.time() - t0
        topics = [[dct[i] for i, _ in lda.get_topic_terms(t, topn=10)] for t in range(a.k)]
        report('gensim LdaMulticore', secs, dom, topics)
    if 'sklearn' in models:
        import numpy as np
        from scipy.sparse import csr_matrix
        from sklearn.decomposition import LatentDirichletAllocation
        rows, cols, vals = [], [], []
        for r, b in enumerate(bows):
            for i, c in b:
                rows.append(r)
                cols.append(i)
                vals.append(c)
        X = csr_matrix((vals, (rows, cols)), shape=(len(bows), len(dct)))
        t0 = time.time()
        sk = LatentDirichletAllocation(n_components=a.k, max_iter=a.passes,
                                       learning_method='batch', random_state=a.seed,
                                       n_jobs=a.workers)
        theta = sk.fit_transform(X)
        secs = time.time() - t0
        dom = list(np.argmax(theta, axis=1))
        topics = [[dct[int(i)] for i in np.argsort(-sk.components_[t])[:10]] for t in range(a.k)]
        report('sklearn LatentDirichletAllocation', secs, dom, topics)


if __name__ == '__main__':
    sys.exit(main())
