#!/bin/sh
# tests/bench/ctr.sh: the click-through models against their peers, run by
# `make bench`. A benchmark, not a test: it prints figures and fails only
# when something could not run.
#
# Data: MovieLens 100K as click-through samples, exactly as tests/real/ctr.sh
# builds them (label rating >= 4; user, item, gender, age, occupation,
# genres, hour, weekday, the previous 10 rated items; split by time: 72,000
# train, 20,000 test), read in place from $EC_SHARED/data/movielens-100k.
#
#   Wide & Deep   ec-train -m wd against tests/bench/ctr_torch.py, the same
#                 model in PyTorch (Debian's python3-torch, CPU): same
#                 features, embedding size 16, layers 256,128,64, Adam (lazy
#                 on embeddings: SparseAdam), FTRL wide part, batch 256, 3
#                 epochs, no early stopping; examples/s of training (ours
#                 measured over the whole run, reading and saving included;
#                 PyTorch's over its training loop only), CPU seconds, and
#                 the test AUC of each, mean of seeds 1, 2, 3 (it varies by
#                 about 0.007 from seed to seed); times of seed 1.
#   LR            ec-train -m lr (FTRL, alpha 0.2, 5 epochs) against LIBLINEAR
#                 (liblinear-tools: liblinear-train -s 0, L2 logistic
#                 regression) and scikit-learn's LogisticRegression on the
#                 same one-hot features (every column=value, every history
#                 item and genre), test AUC and seconds.
#   ec-predict    scores/s on the test set repeated 10 times (200,000
#                 records, Wide & Deep), and the latency of one record
#                 (--batch 1, per record, in a stream; and a whole process
#                 for one record).
#
# EC_BENCH_THREADS (default 1) sets OpenBLAS's and PyTorch's threads: on a
# loaded shared machine two threads each can be slower than one. Timings
# on such a machine are noisy; CPU seconds (user+sys) are steadier than
# wall seconds. Output to stdout and build/bench/ctr.txt.
set -u
LC_ALL=C
export LC_ALL
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
bin=${EC_BIN:-$top/bin}
shared=${EC_SHARED:-$top/../shared}
data=$shared/data/movielens-100k
threads=${EC_BENCH_THREADS:-1}
py=/usr/bin/python3
out=build/bench
work=$out/ctr
if [ ! -r "$data/u.data" ]; then
	echo "bench: ctr: $data not present, skipped" >&2
	exit 0
fi
need() { # command, package
	command -v "$1" >/dev/null 2>&1 && return 0
	as_root=
	[ "$(id -u)" = 0 ] || as_root=sudo
	$as_root apt-get -o DPkg::Lock::Timeout=900 install -y "$2" >&2 || {
		echo "bench: ctr: cannot install $2" >&2
		exit 1
	}
}
need liblinear-train liblinear-tools
$py -c 'import torch' 2>/dev/null || need /nonexistent-torch python3-torch
$py -c 'import sklearn' 2>/dev/null || need /nonexistent-sklearn python3-sklearn
mkdir -p "$work" || exit 1
tab=$(printf '\t')
sort -t "$tab" -k4,4n -k1,1n -k2,2n "$data/u.data" |
	awk -F'|' -f tests/real/ctr_ml100k.awk "$data/u.user" "$data/u.item" - > "$work/all.csv" || exit 1
awk -v d="$work" 'NR == 1 { print > (d "/train.csv"); print > (d "/test.csv"); next }
	NR <= 72001 { print > (d "/train.csv"); next }
	NR <= 80001 { next }
	{ print > (d "/test.csv") }' "$work/all.csv"

# time -f: wall seconds, CPU seconds
tm() { /usr/bin/time -f '%e %U %S' -o "$work/time" "$@"; }
wall() { cut -d' ' -f1 "$work/time"; }
cpu() { awk '{ printf "%.2f", $2 + $3 }' "$work/time"; }
auc() { sed 's/.*"auc": \([0-9.]*\).*/\1/' "$1"; }

{
echo "ctr bench: MovieLens 100K as CTR, 72000 train / 20000 test, threads $threads ($(date -u +%Y-%m-%d), load $(cut -d' ' -f1 /proc/loadavg))"

# ---- Wide & Deep ----
# three seeds each: the test AUC varies by about +-0.007 from seed to seed
n=72000
ec_aucs= t_aucs=
for seed in 1 2 3; do
	tm "$bin/ec-train" -q -m wd --seq hist_items,genres --target item --dim 16 \
		--hidden 256,128,64 --batch 256 --epochs 3 --threads "$threads" --seed $seed \
		-o "$work/wd$seed.ecm" "$work/train.csv" || exit 1
	if [ $seed = 1 ]; then ec_w=$(wall); ec_c=$(cpu); fi
	"$bin/ec-predict" -q -m "$work/wd$seed.ecm" "$work/test.csv" | "$bin/ec-eval" ctr > "$work/wd.json"
	ec_aucs="$ec_aucs $(auc "$work/wd.json")"
	tm $py tests/bench/ctr_torch.py "$work/train.csv" "$work/test.csv" "$work/torch.csv" \
		--seq hist_items,genres --target item --dim 16 --hidden 256,128,64 --batch 256 \
		--epochs 3 --threads "$threads" --seed $seed > "$work/torch.out" || exit 1
	if [ $seed = 1 ]; then
		t_w=$(wall); t_c=$(cpu)
		t_loop=$(sed 's/.*training \([0-9.]*\) s.*/\1/' "$work/torch.out")
	fi
	"$bin/ec-eval" ctr "$work/torch.csv" > "$work/torch.json"
	t_aucs="$t_aucs $(auc "$work/torch.json")"
done
cp "$work/wd1.ecm" "$work/wd.ecm"
awk -v n=$n -v ew="$ec_w" -v ec="$ec_c" -v ea="$ec_aucs" -v tw="$t_w" -v tc="$t_c" \
	-v tl="$t_loop" -v ta="$t_aucs" 'function mean(s,  a, k, i, t) { k = split(s, a, " "); for (i = 1; i <= k; i++) t += a[i]; return t / k }
BEGIN {
	printf "wd   ec-train  %7.0f examples/s (whole run %.2f s wall, %.2f s CPU), test AUC %.4f (seeds 1-3:%s)\n", 3 * n / ew, ew, ec, mean(ea), ea
	printf "wd   PyTorch   %7.0f examples/s (training loop %.2f s; whole run %.2f s wall, %.2f s CPU), test AUC %.4f (seeds 1-3:%s)\n", 3 * n / tl, tl, tw, tc, mean(ta), ta
	printf "wd   ratio     %.1fx PyTorch training throughput (%.1fx per CPU second), mean AUC difference %+.4f\n", (3 * n / ew) / (3 * n / tl), tc / ec, mean(ea) - mean(ta)
}'

# ---- LR ----
tm "$bin/ec-train" -q -m lr --seq hist_items,genres --epochs 5 --lr 0.2 -o "$work/lr.ecm" "$work/train.csv" || exit 1
l_w=$(wall)
"$bin/ec-predict" -q -m "$work/lr.ecm" "$work/test.csv" | "$bin/ec-eval" ctr > "$work/lr.json"
# one-hot features: index per column=value from the training data
awk -F, -v tr="$work/train.svm" -v te="$work/test.svm" '
	FNR == 1 { for (i = 1; i <= NF; i++) name[i] = $i; file++; next }
	{
		line = $1; delete seen; k = 0
		for (i = 2; i <= NF; i++) {
			if (name[i] == "ts") continue
			nv = split($i, v, " ")
			if (name[i] != "hist_items" && name[i] != "genres") { nv = 1; v[1] = $i }
			for (j = 1; j <= nv; j++) {
				f = name[i] "=" v[j]
				if (!(f in id)) { if (file == 2) continue; id[f] = ++nid }
				if (!(id[f] in seen)) { seen[id[f]] = 1; ix[++k] = id[f] }
			}
		}
		# LIBLINEAR wants increasing indices
		for (a = 2; a <= k; a++) { x = ix[a]; for (b = a - 1; b >= 1 && ix[b] > x; b--) ix[b + 1] = ix[b]; ix[b + 1] = x }
		for (a = 1; a <= k; a++) line = line " " ix[a] ":1"
		print line > (file == 1 ? tr : te)
	}' "$work/train.csv" "$work/test.csv"
tm liblinear-train -s 0 -q "$work/train.svm" "$work/ll.model" || exit 1
ll_w=$(wall)
liblinear-predict -b 1 -q "$work/test.svm" "$work/ll.model" "$work/ll.out" >/dev/null || exit 1
# columns of ll.out: "labels A B", then label pA pB
awk -F, 'NR == FNR { if (FNR == 1) { c = ($2 == 1) ? 2 : 3; next } p[FNR - 1] = $c; next }
	FNR == 1 { print "label,score"; next } { print $1 "," p[FNR - 1] }' FS=' ' "$work/ll.out" FS=, "$work/test.csv" > "$work/ll.csv"
"$bin/ec-eval" ctr "$work/ll.csv" > "$work/ll.json"
sk=$($py - "$work/train.svm" "$work/test.svm" <<'PY'
import sys, time
from sklearn.datasets import load_svmlight_files
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
Xtr, ytr, Xte, yte = load_svmlight_files(sys.argv[1:3])
t = time.time()
m = LogisticRegression(solver="liblinear", C=1.0).fit(Xtr, ytr)
el = time.time() - t
print("%.6f %.2f" % (roc_auc_score(yte, m.predict_proba(Xte)[:, 1]), el))
PY
)
printf 'lr   ec-train  FTRL 5 epochs a=0.2  test AUC %s (%.2f s wall)\n' "$(auc "$work/lr.json")" "$l_w"
printf 'lr   LIBLINEAR -s 0 (L2, C=1)       test AUC %s (%.2f s wall)\n' "$(auc "$work/ll.json")" "$ll_w"
printf 'lr   sklearn   LogisticRegression   test AUC %s (%s s fit)\n' "${sk% *}" "${sk#* }"

# ---- ec-predict ----
for i in 1 2 3 4 5 6 7 8 9 10; do
	if [ $i = 1 ]; then cat "$work/test.csv"; else tail -n +2 "$work/test.csv"; fi
done > "$work/test10.csv"
tm "$bin/ec-predict" -q -m "$work/wd.ecm" --threads "$threads" -o "$work/p.csv" "$work/test10.csv" || exit 1
p_w=$(wall)
tm "$bin/ec-predict" -q -m "$work/wd.ecm" --batch 1 -o "$work/p1.csv" "$work/test.csv" || exit 1
p1_w=$(wall)
head -2 "$work/test.csv" > "$work/one.csv"
best=
for i in 1 2 3 4 5; do
	tm "$bin/ec-predict" -q -m "$work/wd.ecm" -o "$work/one.out" "$work/one.csv" || exit 1
	w=$(wall)
	best=$(awk -v a="$best" -v b="$w" 'BEGIN { print (a == "" || b < a) ? b : a }')
done
awk -v w="$p_w" -v w1="$p1_w" -v b="$best" 'BEGIN {
	printf "predict ec-predict wd: %.0f scores/s in batches of 512 (200000 records, %.2f s)\n", 200000 / w, w
	printf "predict one record at a time (--batch 1): %.0f us per record; a whole process for one record: %.0f ms\n", w1 / 20000 * 1e6, b * 1000
}'
} | tee "$out/ctr.txt"
