#!/bin/sh
# tests/bench/recommend.sh: the candidate models against NumPy/SciPy and
# under load; run by `make bench`. A benchmark, not a test: it prints
# figures, and fails only when something could not run.
#
#  1. MovieLens 100K (../shared/data/movielens-100k), the protocol of
#     tests/real/recommend.sh: ec-train -m ease (lambda 200) + ec-recommend
#     -k 20 for all 943 users + ec-eval ranking, against the same EASE in
#     NumPy/SciPy (tests/bench/recommend_numpy.py, Debian's
#     /usr/bin/python3 with python3-numpy and python3-scipy, installed with
#     apt-get when missing): wall time of each, the ratio, and both
#     Recall@20 / NDCG@20 (they must agree).
#  2. --serve latency: item-kNN on a synthetic catalogue of 100,000 items
#     (EC_BENCH_CF_EVENTS events, default 2,000,000, of 50,000 users; items
#     drawn from a Zipf-like power law around each user's taste), then
#     requests with 3 recent items and k = 20 one at a time through a pipe
#     (tests/bench/recommend_serve.py): p50 and p99 per request, Python's
#     round trip included.
#  3. itemknn and ALS training time and peak memory on those events
#     (/usr/bin/time -v).
# Timings on a shared, loaded machine are noisy (±30%). Results go to
# stdout and build/bench/recommend.txt.
set -u
LC_ALL=C
export LC_ALL
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
B=$top/bin
out=build/bench
work=$out/recommend
mkdir -p "$work"
res=$out/recommend.txt
: >"$res"
say() { echo "$*" | tee -a "$res"; }
EC_SHARED=${EC_SHARED:-$top/../shared}
PY=/usr/bin/python3
if ! $PY -c 'import numpy, scipy' 2>/dev/null; then
	s=; [ "$(id -u)" = 0 ] || s=sudo
	$s apt-get -o DPkg::Lock::Timeout=900 install -y python3-numpy python3-scipy >/dev/null || exit 1
fi
# wall seconds of a command (stdout to $work/last.out)
wall() {
	/usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$work/last.out" 2>"$work/last.err" ||
		{ cat "$work/last.err"; exit 1; }
	cat "$work/time"
}

ml=$EC_SHARED/data/movielens-100k/u.data
if [ -f "$ml" ]; then
	"$B/ec-ingest" -q --if tsv --no-header --columns user,item,value,ts --set event=rate \
		--keep-duplicates -o "$work/ml.jsonl" "$ml" &&
		"$B/ec-features" split -q --test-last 5 -o "$work/ml" "$work/ml.jsonl" || exit 1
	# wall and CPU (user + sys) seconds of the three ec steps, summed
	: >"$work/ml.times"
	for step in train recommend eval; do
		case $step in
		train) set -- "$B/ec-train" -q -m ease --lambda 200 --threads 1 -o "$work/ml.ecm" \
			"$work/ml/train.jsonl" ;;
		recommend) set -- "$B/ec-recommend" -q -m "$work/ml.ecm" -k 20 -o "$work/recs.jsonl" \
			"$work/ml/train.jsonl" ;;
		eval) set -- "$B/ec-eval" ranking -q -k 20 --truth "$work/ml/test.jsonl" \
			-o "$work/ml.json" "$work/recs.jsonl" ;;
		esac
		OPENBLAS_NUM_THREADS=1 /usr/bin/time -f '%e %U %S' -a -o "$work/ml.times" "$@" ||
			exit 1
	done
	set -- $(awk '{ w += $1; c += $2 + $3 } END { printf "%.3f %.3f", w, c }' "$work/ml.times")
	ecw=$1
	ecc=$2
	ecr=$(sed 's/.*"recall@20":\([0-9.]*\).*/\1/' "$work/ml.json")
	ecn=$(sed 's/.*"ndcg@20":\([0-9.]*\).*/\1/' "$work/ml.json")
	set -- $(OPENBLAS_NUM_THREADS=1 $PY tests/bench/recommend_numpy.py "$work/ml/train.jsonl" \
		"$work/ml/test.jsonl") || exit 1
	say "MovieLens 100K EASE (lambda 200), train + recommend 943 users + evaluate, one thread:"
	say "  ec            wall $ecw s, CPU $ecc s  Recall@20 $ecr  NDCG@20 $ecn"
	say "  NumPy/SciPy   wall $1 s, CPU $2 s  Recall@20 $3  NDCG@20 $4"
	say "  ec faster by  $(echo "$1 $ecw $2 $ecc" | awk '{ printf "%.1fx (wall), %.1fx (CPU)", $1 / $2, $3 / $4 }')"
fi

[ -n "${EC_BENCH_CF_ONLY_ML:-}" ] && exit 0
n=${EC_BENCH_CF_EVENTS:-2000000}
ev=$work/synth-$n.csv
if [ ! -f "$ev" ]; then
	# user u likes a band of items around its taste, with a power-law spread
	awk -v n="$n" 'BEGIN {
		srand(1); print "ts,user,item,event"
		for (k = 0; k < n; k++) {
			u = int(rand() * 50000); c = (u * 7919) % 100000
			d = int(100 * (1 / (rand() + 0.01) - 0.99)); if (rand() < 0.5) d = -d
			i = (c + d + 100000) % 100000
			printf "%d,u%d,i%d,view\n", 1700000000 + k, u, i
		}
	}' >"$ev"
fi
say "Synthetic events: $n, 50,000 users, 100,000 items"
for m in itemknn als; do
	set -- $(wall "$B/ec-train" -q -m "$m" --threads 2 -o "$work/s-$m.ecm" "$ev")
	say "  ec-train -m $m --threads 2: $1 s, peak RSS $(($2 / 1024)) MB"
done
set -- $(wall "$B/ec-recommend" -q -m "$work/s-itemknn.ecm" -k 20 -o "$work/s-recs.jsonl" "$ev")
say "  ec-recommend itemknn -k 20, all users: $1 s, peak RSS $(($2 / 1024)) MB"
set -- $($PY tests/bench/recommend_serve.py "$work/s-itemknn.ecm" "$ev" 100000 5000 \
	"$B/ec-recommend") || exit 1
say "  ec-recommend --serve itemknn k=20, 3 recent items: $1 requests, p50 $2 ms, p99 $3 ms, mean $4 ms"
