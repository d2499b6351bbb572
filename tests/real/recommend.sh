#!/bin/sh
# tests/real/recommend.sh: the candidate models on MovieLens 100K with the
# protocol of issue 4: all 100,000 ratings as implicit feedback (event
# rate, weight 1), per user the last 5 interactions by time are the test
# set (ec-features split --test-last 5; ties in time keep the file's
# order), the rest train; top-20 excluding training items; Recall@20
# (denominator min(|test|, 20)) and NDCG@20 by ec-eval ranking.
#
# Floors, from the issue (a straightforward NumPy EASE, cosine item-kNN and
# most-popular on this protocol), compared at their three decimals:
#   ease lambda=200   Recall@20 >= 0.229  NDCG@20 >= 0.157
#   itemknn           Recall@20 >= 0.195  NDCG@20 >= 0.135
#   pop               Recall@20 >= 0.120  NDCG@20 >= 0.083
# (NumPy's EASE on this very split gives 0.228632 / 0.156908, which is what
# ec gives too: the issue's figures are these rounded.) ALS is reported.
# Then the same metrics on the Diginetica and Taobao samples (sessions or
# users with at least 6 events are evaluated), reported, not asserted:
# the README's figures. Exit 0, 1 below a floor, 77 when the data is absent.
set -u
LC_ALL=C
export LC_ALL
top=$(cd "$(dirname "$0")/../.." && pwd)
EC_BIN=${EC_BIN:-$top/bin}
EC_SHARED=${EC_SHARED:-$top/../shared}
ml=$EC_SHARED/data/movielens-100k/u.data
if [ ! -f "$ml" ]; then
	echo "SKIP real/recommend: $ml not found"
	exit 77
fi
t=$(mktemp -d "${TMPDIR:-/tmp}/ec-real-recommend.XXXXXX") || exit 1
trap 'rm -rf "$t"' EXIT
fail=0

# metric NAME FILE: the value of "NAME" in ec-eval's JSON
metric() {
	sed 's/.*"'"$1"'":\([0-9.e-]*\).*/\1/' "$2"
}

# evaluate DIR MODEL [train options]: train, recommend, eval into DIR/MODEL.json
evaluate() {
	d=$1
	m=$2
	shift 2
	"$EC_BIN/ec-train" -q -m "$m" "$@" -o "$t/$m.ecm" "$d/train.jsonl" || return 1
	# only the users with held-out events need a list (--users reads
	# the user column of the test events)
	"$EC_BIN/ec-recommend" -q -m "$t/$m.ecm" -k 20 --users "$d/test.jsonl" "$d/train.jsonl" \
		>"$t/recs.jsonl" || return 1
	"$EC_BIN/ec-eval" ranking -q -k 10,20 --truth "$d/test.jsonl" "$t/recs.jsonl" \
		>"$d/$m.json" || return 1
}

# check MODEL RECALL NDCG: floors at three decimals
check() {
	r=$(metric 'recall@20' "$t/ml/$1.json")
	n=$(metric 'ndcg@20' "$t/ml/$1.json")
	if awk -v r="$r" -v n="$n" -v fr="$2" -v fn="$3" \
		'BEGIN { exit !(sprintf("%.3f", r) + 0 >= fr && sprintf("%.3f", n) + 0 >= fn) }'; then
		echo "ok   movielens-100k $1: Recall@20 $r (>= $2), NDCG@20 $n (>= $3)"
	else
		echo "FAIL movielens-100k $1: Recall@20 $r (floor $2), NDCG@20 $n (floor $3)"
		fail=1
	fi
}

"$EC_BIN/ec-ingest" -q --if tsv --no-header --columns user,item,value,ts --set event=rate \
	--keep-duplicates -o "$t/ml.jsonl" "$ml" || exit 1
"$EC_BIN/ec-features" split -q --test-last 5 -o "$t/ml" "$t/ml.jsonl" || exit 1
evaluate "$t/ml" ease --lambda 200 || exit 1
check ease 0.229 0.157
evaluate "$t/ml" itemknn || exit 1
check itemknn 0.195 0.135
evaluate "$t/ml" pop || exit 1
check pop 0.120 0.083
evaluate "$t/ml" als --threads 2 || exit 1
echo "     movielens-100k als: Recall@20 $(metric 'recall@20' "$t/ml/als.json"), NDCG@20 $(metric 'ndcg@20' "$t/ml/als.json")"

# the e-commerce samples: reported for the README
report() {
	name=$1
	shift
	for m in "$@"; do
		evaluate "$t/$name" "$m" --threads 2 2>/dev/null ||
			evaluate "$t/$name" "$m" || { echo "FAIL $name $m"; fail=1; continue; }
		echo "     $name $m: Recall@20 $(metric 'recall@20' "$t/$name/$m.json"), NDCG@20 $(metric 'ndcg@20' "$t/$name/$m.json"), users $(metric users "$t/$name/$m.json")"
	done
}
dg=$EC_SHARED/data/diginetica-sample/sample_train-item-views.csv
if [ -f "$dg" ]; then
	# sessions as users, in time order within a session (timeframe, ms)
	{ head -n 1 "$dg"; tail -n +2 "$dg" | sort -t ';' -k1,1n -k4,4n; } |
		"$EC_BIN/ec-ingest" -q --map user=session_id,ts=eventdate --set event=view \
			--keep-duplicates -o "$t/dg.jsonl" - &&
		"$EC_BIN/ec-features" split -q --test-last 5 -o "$t/diginetica" "$t/dg.jsonl" &&
		report diginetica pop itemknn als
fi
tb=$EC_SHARED/data/taobao-userbehavior-sample/UserBehavior_first96168.csv
if [ -f "$tb" ]; then
	"$EC_BIN/ec-ingest" -q --no-header --columns user,item,category,event,ts \
		--keep-duplicates -o "$t/tb.jsonl" "$tb" &&
		"$EC_BIN/ec-features" split -q --test-last 5 -o "$t/taobao" "$t/tb.jsonl" &&
		report taobao pop itemknn
fi
exit $fail
