#!/bin/sh
# lda.sh: ec-lda train against gensim LdaMulticore and scikit-learn
# LatentDirichletAllocation (Debian python3-gensim, python3-sklearn; installed
# with apt-get when missing) on the same tokens and K, in one run (part of
# `make bench`).
#
# ec-lda writes the tokens once (`ec-lda tokens`: jieba segmentation of the
# Chinese reviews, the English tokenizer for Amazon All_Beauty) and every
# model reads that file: ec-lda with --tokenized, the peers through
# tests/bench/lda_peers.py, with the same pruning (min_df 5, max_df 0.3;
# gensim's filter_extremes). Quality is measured for all three the same way
# by lda_peers.py: NMI of each document's dominant topic with its label
# (category; product for Amazon) and NPMI of each topic's top 10 words over
# the same documents. Settings: K = 10; gensim 10 passes, workers=1
# (random_state 1); scikit-learn batch variational Bayes, 10 iterations,
# n_jobs=1; ec-lda EC_BENCH_ITERS Gibbs sweeps (default 200) on
# EC_BENCH_THREADS threads (default 1). Times are wall seconds of training
# plus each document's topics (gensim's get_document_topics, scikit-learn's
# fit_transform, ec-lda's --doc-topics); tokens/s per core = tokens x
# passes / seconds / threads. Results go to build/bench/lda.txt.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
EC_SHARED=${EC_SHARED:-$top/../shared}
iters=${EC_BENCH_ITERS:-200}
threads=${EC_BENCH_THREADS:-1}
out=build/bench
mkdir -p "$out"
py=/usr/bin/python3
res=$out/lda.txt
: > "$res"
if ! "$py" -c 'import gensim, sklearn' 2>/dev/null; then
	echo "lda bench: installing python3-gensim python3-sklearn"
	apt-get -o DPkg::Lock::Timeout=900 install -y python3-gensim python3-sklearn >/dev/null ||
		{ echo "lda bench: gensim/sklearn not available"; exit 1; }
fi

bench() { # label tokens.csv
	/usr/bin/time -f '%e' -o "$out/t.ec" bin/ec-lda train -q -k 10 --iters "$iters" \
		--threads "$threads" --tokenized --min-df 5 --max-df 0.3 --top-words 10 \
		--topics "$out/lda-topics.jsonl" --doc-topics "$out/lda-dt.jsonl" "$2" || return 1
	"$py" tests/bench/lda_peers.py "$2" -k 10 --passes 10 --min-df 5 --max-df 0.3 \
		--ec-topics "$out/lda-topics.jsonl" --ec-doc-topics "$out/lda-dt.jsonl" \
		> "$out/lda-peers.jsonl" || return 1
	tec=$(cat "$out/t.ec")
	"$py" - "$1" "$tec" "$iters" "$threads" "$out/lda-peers.jsonl" <<'PY' | tee -a "$res"
import json, sys
label, tec, iters, threads, path = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
rows = [json.loads(l) for l in open(path)]
ec = rows[0]
ec['seconds'] = tec
gensim = next((r for r in rows if r['model'].startswith('gensim')), None)
for r in rows:
    passes, cores = (iters, threads) if r['model'] == 'ec-lda' else (10, 1)
    name = r['model'] + (' (%d sweeps, %d thread%s)' % (iters, threads, 's' if threads > 1 else '') if r['model'] == 'ec-lda' else ' (10 passes)')
    tps = r['tokens'] * passes / r['seconds'] / cores if r['seconds'] > 0 else 0
    ratio = gensim['seconds'] / r['seconds'] if gensim and r['seconds'] > 0 else 0
    print('%-28s %-48s %8.1f %7.1fx %7.3f %7.3f %10.0f' % (label, name, r['seconds'], ratio, r['nmi'], r['npmi'], tps))
PY
}

printf '%-28s %-48s %8s %8s %7s %7s %10s\n' corpus "model" seconds "gensim/x" NMI NPMI \
	"tok/s/core" | tee -a "$res"
fail=0
zh=$EC_SHARED/data/chinese-reviews-online-shopping-10-cats/online_shopping_10_cats.csv.zst
if [ -f "$zh" ]; then
	bin/ec-lda tokens -q --text review --labels cat -o "$out/lda-zh.csv" "$zh" || exit 1
	bench "online_shopping_10_cats" "$out/lda-zh.csv" || fail=1
else
	echo "lda bench: $zh not found: skipped"
fi
en=$EC_SHARED/data/amazon-reviews-2018-all-beauty/All_Beauty_5.json
if [ -f "$en" ]; then
	bin/ec-lda tokens -q --text reviewText --id reviewerID --labels asin --max-errors 10 \
		-o "$out/lda-en.csv" "$en" 2>/dev/null || exit 1
	bench "All_Beauty (label: asin)" "$out/lda-en.csv" || fail=1
else
	echo "lda bench: $en not found: skipped"
fi
echo "(wall seconds on a shared 2-core machine: noisy)" | tee -a "$res"
exit "$fail"
