#!/bin/sh
# tests/real/lda.sh: ec-lda on public review corpora and on ec-synth's
# planted topics.
#   - online_shopping_10_cats (62,774 Chinese reviews of 10 product
#     categories), jieba tokens, K = 10, --min-df 5 --max-df 0.3: NMI of each
#     review's dominant topic with its category, NPMI coherence (top 10 words,
#     document co-occurrence over the corpus) and perplexity by document
#     completion. The NMI must reach gensim's (see GENSIM_NMI below); needs
#     the jieba dictionary (Debian python3-jieba or $EC_JIEBA_DICT), else this
#     part is skipped with a note.
#   - Amazon 2018 All_Beauty 5-core (5,269 English reviews): the same table,
#     NMI against the product (asin); floors only against gross failure.
#   - ec-synth's reviews in English (8 planted topics of 12 words): at least
#     90% of the planted topics recovered, a learnt topic whose top 10 words
#     hold at least 8 of the planted topic's words; and `ec-lda trend --by
#     week` follows the topics' weekly shares: Pearson r >= 0.9 with the
#     shares of the tokens ec-synth drew for each topic ("observed" in
#     truth.json) for every topic, and r >= 0.85 with the planted drift
#     (rising, seasonal, fading) of the topics that drift.
# Runs with two threads and fewer sweeps than the defaults (150 instead of
# 500) to stay well under a minute of CPU; the figures printed are those
# README quotes. Exit 0 all floors met, 1 a miss, 77 when the data is absent.
set -u
LC_ALL=C
export LC_ALL
top=$(cd "$(dirname "$0")/../.." && pwd)
EC_BIN=${EC_BIN:-$top/bin}
EC_SHARED=${EC_SHARED:-$top/../shared}
d=$EC_SHARED/data
zh=$d/chinese-reviews-online-shopping-10-cats/online_shopping_10_cats.csv.zst
en=$d/amazon-reviews-2018-all-beauty/All_Beauty_5.json
for f in "$zh" "$en"; do
	if [ ! -f "$f" ]; then
		echo "SKIP real/lda: $f not found"
		exit 77
	fi
done
if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP real/lda: python3 not found"
	exit 77
fi
t=$(mktemp -d "${TMPDIR:-/tmp}/ec-real-lda.XXXXXX") || exit 1
trap 'rm -rf "$t"' EXIT
fail=0
lda=$EC_BIN/ec-lda

# gensim 4.2.0 LdaMulticore (Debian python3-gensim), 10 passes, workers=1,
# random_state=1, on the same jieba tokens (`ec-lda tokens --text review
# --labels cat`), Dictionary.filter_extremes(no_below=5, no_above=0.3), K =
# 10, dominant topic from get_document_topics; NMI with scikit-learn's
# normalized_mutual_info_score. Measured once with
#   /usr/bin/python3 tests/bench/lda_peers.py tokens.csv --models gensim
# on 2026-11-30: NMI 0.3191 (the same 14,008 words as ec-lda; 987 s on the
# loaded 2-core machine); a second run in tests/bench/lda.sh gave 0.3012
# (LdaMulticore's worker processes make it vary): the higher one is the floor.
GENSIM_NMI=0.3191

field() { python3 -c 'import sys, json; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
atleast() { python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) >= float(sys.argv[2]) else 1)' "$1" "$2"; }
check() { # name value floor
	if atleast "$2" "$3"; then
		printf 'ok   %s = %s (floor %s)\n' "$1" "$2" "$3"
	else
		printf 'FAIL %s = %s (floor %s)\n' "$1" "$2" "$3"
		fail=1
	fi
}
row() { # corpus eval.json seconds
	printf '%s: NMI %s, NPMI %s, perplexity %s, train %s s\n' "$1" "$(field nmi <"$2")" \
	    "$(field npmi <"$2")" "$(field perplexity <"$2")" "$3"
}
secs() { python3 -c 'import time; print("%.3f" % time.time())'; }
since() { python3 -c 'import sys, time; print("%.1f" % (time.time() - float(sys.argv[1])))' "$1"; }

# ---- Chinese reviews ----
dict=${EC_JIEBA_DICT-/usr/lib/python3/dist-packages/jieba/dict.txt}
if [ -n "$dict" ] && [ -f "$dict" ]; then
	s=$(secs)
	"$lda" train -q -k 10 --iters 150 --threads 2 --min-df 5 --max-df 0.3 --text review \
	    --dict "$dict" -o "$t/zh.ecm" "$zh" || exit 1
	tz=$(since "$s")
	"$lda" eval -q -m "$t/zh.ecm" --iters 20 --labels cat "$zh" >"$t/zh.json" || exit 1
	row "online_shopping_10_cats K=10" "$t/zh.json" "$tz"
	check "zh NMI vs gensim LdaMulticore" "$(field nmi <"$t/zh.json")" "$GENSIM_NMI"
	check "zh NPMI" "$(field npmi <"$t/zh.json")" 0.05
else
	echo "note: no jieba dictionary, the Chinese corpus is not checked"
fi

# ---- Amazon All_Beauty ----
s=$(secs)
"$lda" train -q -k 10 --iters 150 --threads 2 --min-df 5 --max-df 0.3 --text reviewText \
    --id reviewerID --max-errors 10 -o "$t/en.ecm" "$en" 2>/dev/null || exit 1
te=$(since "$s")
"$lda" eval -q -m "$t/en.ecm" --iters 20 --labels asin --max-errors 10 "$en" \
    >"$t/en.json" 2>/dev/null || exit 1
row "All_Beauty K=10 (NMI vs asin)" "$t/en.json" "$te"
check "en NMI vs asin" "$(field nmi <"$t/en.json")" 0.1
check "en NPMI" "$(field npmi <"$t/en.json")" 0.0

# ---- planted topics and their drift (ec-synth, English) ----
"$EC_BIN/ec-synth" -q --seed 3 --lang en --scale 2 -o "$t/shop" || exit 1
"$lda" train -q -k 8 --iters 150 --threads 2 --no-stem --top-words 10 \
    --topics "$t/topics.jsonl" -o "$t/synth.ecm" "$t/shop/reviews.jsonl" || exit 1
"$lda" trend -q -m "$t/synth.ecm" --by week "$t/shop/reviews.jsonl" >"$t/trend.csv" || exit 1
python3 - "$t/shop/truth.json" "$t/topics.jsonl" "$t/trend.csv" >"$t/planted.txt" <<'PY'
import csv, json, sys
truth = json.load(open(sys.argv[1]))["topics"]["reviews"]
planted = [set(tp["en"]) for tp in truth["topics"]]
learnt = [[w["word"] for w in json.loads(l)["words"][:10]] for l in open(sys.argv[2])]
best = [max(range(len(learnt)), key=lambda j: len(p & set(learnt[j]))) for p in planted]
hit = sum(1 for p, j in zip(planted, best) if len(p & set(learnt[j])) >= 8)
share = {}
for r in csv.DictReader(open(sys.argv[3])):
    share.setdefault(int(r["series"]), {})[r["ts"]] = float(r["value"])
def pearson(a, b):
    n = len(a); ma = sum(a) / n; mb = sum(b) / n
    sa = sum((x - ma) ** 2 for x in a) ** .5; sb = sum((y - mb) ** 2 for y in b) ** .5
    return sum((x - ma) * (y - mb) for x, y in zip(a, b)) / (sa * sb)
obs, drift = [], []
for i, tp in enumerate(truth["topics"]):
    weeks = [w for w in truth["weekly"] if w["start"] in share[best[i]]]
    ours = [share[best[i]][w["start"]] for w in weeks]
    obs.append(pearson([w["observed"][i] for w in weeks], ours))
    if tp["drift"] != "flat":
        drift.append(pearson([w["planted"][i] for w in weeks], ours))
print("%.3f %.3f %.3f" % (hit / len(planted), min(obs), min(drift)))
PY
read -r rec robs rdrift <"$t/planted.txt"
check "planted topics recovered (ec-synth en, top-10 overlap >= 8)" "$rec" 0.9
check "weekly topic share vs observed, min r over topics" "$robs" 0.9
check "weekly share of drifting topics vs planted, min r" "$rdrift" 0.85
exit $fail
