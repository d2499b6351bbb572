#!/bin/sh
# tests/real/faq.sh: ec-faq on public FAQ data and on sample-data/shop.
#   - the English e-commerce FAQ (79 Kaggle entries, the {"Questions":[...]}
#     JSON): every question retrieves its own entry (accuracy@1 = 1);
#   - paraphrases written for this test (tests/real/faq-en-paraphrases.jsonl:
#     27 of the questions reworded, 8 out-of-scope questions): accuracy@1 and
#     escalation after calibrate; floor accuracy@1 >= 0.65;
#   - the ATEC Alipay customer-service pairs (39,346): AUC of ec-faq pairs,
#     floor 0.63 at the default w; at --ngram-weight 0.7 it must reach the
#     TF-IDF cosine on jieba tokens (HMM off, the segmentation ec_tok
#     reproduces; scikit-learn when installed, else the same formula in
#     plain Python: smooth idf ln((1 + n) / (1 + df)) + 1, raw tf, l2 norm);
#   - sample-data/shop (ec-synth's planted answers) with the jieba
#     dictionary: accuracy@1 >= 0.83 on in-scope questions, >= 0.85 of the
#     out-of-scope escalated after calibrate;
#   - --serve latency on a synthetic 10,000-entry knowledge base (p50, p99
#     over 2,000 questions sent one at a time; printed, not asserted).
# Exit 0 all floors met, 1 a miss, 77 when the data is absent.
set -u
LC_ALL=C
export LC_ALL
top=$(cd "$(dirname "$0")/../.." && pwd)
EC_BIN=${EC_BIN:-$top/bin}
EC_SHARED=${EC_SHARED:-$top/../shared}
d=$EC_SHARED/data
if [ ! -d "$d" ]; then
	echo "SKIP real/faq: $d not found"
	exit 77
fi
en=$d/ecommerce-faq-chatbot/Ecommerce_FAQ_Chatbot_dataset.json
atec=$d/atec-nlp-sim-alipay-cs/atec_nlp_sim_train.csv
for f in "$en" "$atec"; do
	if [ ! -f "$f" ]; then
		echo "SKIP real/faq: $f not found"
		exit 77
	fi
done
if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP real/faq: python3 not found"
	exit 77
fi
t=$(mktemp -d "${TMPDIR:-/tmp}/ec-real-faq.XXXXXX") || exit 1
trap 'rm -rf "$t"' EXIT
fail=0
faq=$EC_BIN/ec-faq

# field NAME < one JSON line
field() { python3 -c 'import sys, json; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
atleast() { python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) >= float(sys.argv[2]) else 1)' "$1" "$2"; }

# ---- English FAQ: self retrieval ----
"$faq" index -q "$en" -o "$t/en.ecm" || exit 1
python3 - "$en" >"$t/self.jsonl" <<'PY'
import json, sys
for i, q in enumerate(json.load(open(sys.argv[1]))["Questions"]):
    print(json.dumps({"id": str(i + 1), "text": q["question"], "answer_id": str(i + 1)}))
PY
"$faq" answer -q -k 0 -m "$t/en.ecm" "$t/self.jsonl" >"$t/self.out" || exit 1
self=$(python3 -c '
import sys, json
r = [json.loads(l) for l in open(sys.argv[1])]
print("%d %d" % (sum(x["answer_id"] == x["id"] for x in r), len(r)))' "$t/self.out")
echo "English FAQ, own questions: $self right"
set -- $self
[ "$1" -eq "$2" ] && [ "$2" -eq 79 ] || { echo "accuracy@1 on the FAQ's own questions is not 1"; fail=1; }

# ---- English FAQ: paraphrases ----
"$faq" calibrate -q -m "$t/en.ecm" "$top/tests/real/faq-en-paraphrases.jsonl" >"$t/para.json" || exit 1
echo "English FAQ, paraphrases: $(cat "$t/para.json")"
atleast "$(field accuracy_at_1 <"$t/para.json")" 0.65 || { echo "paraphrase accuracy@1 below 0.65"; fail=1; }

# ---- ATEC pairs: AUC ----
"$faq" pairs --if tsv --no-header --columns id,q1,q2,label "$atec" >"$t/pairs.jsonl" 2>"$t/pairs.err" || { cat "$t/pairs.err"; exit 1; }
auc=$(sed -n 's/.*AUC \([0-9.]*\).*/\1/p' "$t/pairs.err")
echo "ATEC pairs: ec-faq pairs AUC $auc"
atleast "$auc" 0.65 || { echo "ATEC AUC below 0.65"; fail=1; }
cat >"$t/tfidf.py" <<'PY'
import sys, csv, math, re
try:
    import jieba
except ImportError:
    print("jieba (python3-jieba) missing: TF-IDF floor not computed")
    sys.exit(0)
jieba.setLogLevel(60)
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE))
word = re.compile(r"\w", re.UNICODE)
def toks(s):
    return [w.lower() for w in jieba.cut(s, HMM=False) if word.search(w)]
texts = sorted({r[1] for r in rows} | {r[2] for r in rows})
labels = [int(r[3]) for r in rows]
try:
    from sklearn.feature_extraction.text import TfidfVectorizer
    v = TfidfVectorizer(analyzer=lambda s: toks(s))
    m = v.fit_transform(texts)
    idx = {s: i for i, s in enumerate(texts)}
    scores = [float(m[idx[r[1]]].multiply(m[idx[r[2]]]).sum()) for r in rows]
    how = "scikit-learn TfidfVectorizer"
except ImportError:
    print("scikit-learn missing: TF-IDF cosine computed in plain Python instead")
    tk = {s: toks(s) for s in texts}
    n = len(texts)
    df = {}
    for s in texts:
        for w in set(tk[s]):
            df[w] = df.get(w, 0) + 1
    idf = {w: math.log((1 + n) / (1 + c)) + 1 for w, c in df.items()}
    def vec(s):
        v = {}
        for w in tk[s]:
            v[w] = v.get(w, 0) + idf[w]
        norm = math.sqrt(sum(x * x for x in v.values())) or 1
        return {w: x / norm for w, x in v.items()}
    vs = {s: vec(s) for s in texts}
    scores = [sum(x * vs[r[2]].get(w, 0) for w, x in vs[r[1]].items()) for r in rows]
    how = "plain-Python TF-IDF"
order = sorted(range(len(rows)), key=lambda i: scores[i])
ranks = [0.0] * len(rows)
i = 0
while i < len(order):
    j = i
    while j < len(order) and scores[order[j]] == scores[order[i]]:
        j += 1
    for k in range(i, j):
        ranks[order[k]] = (i + 1 + j) / 2
    i = j
P = sum(labels)
N = len(labels) - P
auc = (sum(r for r, l in zip(ranks, labels) if l) - P * (P + 1) / 2) / (P * N)
print("%s cosine AUC %.4f" % (how, auc))
PY
# Debian's python3-jieba (and scikit-learn, if any) belong to /usr/bin/python3
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
# The pairs default w (0.7) was chosen on the first half of the pairs; the
# comparison with the TF-IDF floor is made on the second, held-out half.
head -n 19673 "$atec" >"$t/atec1.tsv"
tail -n +19674 "$atec" >"$t/atec2.tsv"
$py "$t/tfidf.py" "$t/atec2.tsv" | tee "$t/tfidf.out"
floor=$(sed -n 's/.*cosine AUC \([0-9.]*\).*/\1/p' "$t/tfidf.out")
"$faq" pairs --if tsv --no-header --columns id,q1,q2,label "$t/atec2.tsv" 2>"$t/pairs2.err" >/dev/null || exit 1
auc2=$(sed -n 's/.*AUC \([0-9.]*\).*/\1/p' "$t/pairs2.err")
echo "ATEC pairs, held-out half: ec-faq pairs AUC $auc2"
if [ -n "$floor" ]; then
	atleast "$auc2" "$floor" || { echo "ATEC held-out AUC below the TF-IDF floor $floor"; fail=1; }
else
	echo "TF-IDF floor not available (python3-jieba missing): comparison skipped"
fi

# ---- sample-data/shop with the jieba dictionary (when installed) ----
"$faq" index -q "$top/sample-data/shop/faq.jsonl" -o "$t/shop.ecm" || exit 1
"$faq" calibrate -q -m "$t/shop.ecm" "$top/sample-data/shop/questions.jsonl" >"$t/shop.json" || exit 1
echo "sample-data/shop: $(cat "$t/shop.json")"
atleast "$(field accuracy_at_1 <"$t/shop.json")" 0.83 || { echo "shop accuracy@1 below 0.83"; fail=1; }
atleast "$(field escalated_out_of_scope <"$t/shop.json")" 0.85 || { echo "shop out-of-scope escalation below 0.85"; fail=1; }

# ---- --serve latency, 10,000 entries ----
python3 - "$t/big.jsonl" "$t/ask.txt" <<'PY'
import json, sys
x = 2024
def rnd(n):
    global x
    x = (x * 6364136223846793005 + 1442695040888963407) % (1 << 64)
    return (x >> 33) % n
en = ("order parcel refund return invoice coupon delivery address payment card account "
      "password size colour warranty discount shipping express store gift price stock "
      "review exchange cancel track label tax company bank voucher member points").split()
zh = "退货款换尺码快递包裹地址发票优惠券支付宝银行卡密码账户保修物流订单取消积分会员礼品价格库存"
with open(sys.argv[1], "w") as f:
    for i in range(10000):
        words = " ".join(en[rnd(len(en))] + str(rnd(50)) for _ in range(3 + rnd(5)))
        han = "".join(zh[rnd(len(zh))] for _ in range(4 + rnd(6)))
        f.write(json.dumps({"id": "e%05d" % i, "question": "how %s %s" % (words, han),
                            "answer": "answer %d" % i}, ensure_ascii=False) + "\n")
with open(sys.argv[2], "w") as f:
    for i in range(2000):
        words = " ".join(en[rnd(len(en))] + str(rnd(50)) for _ in range(2 + rnd(4)))
        f.write(json.dumps({"id": str(i), "text": words}) + "\n")
PY
"$faq" index -q "$t/big.jsonl" -o "$t/big.ecm" || exit 1
python3 - "$faq" "$t/big.ecm" "$t/ask.txt" <<'PY'
import subprocess, sys, time
p = subprocess.Popen([sys.argv[1], "answer", "--serve", "-q", "-m", sys.argv[2]],
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
lat = []
for line in open(sys.argv[3]):
    s = time.perf_counter()
    p.stdin.write(line)
    p.stdin.flush()
    p.stdout.readline()
    lat.append(time.perf_counter() - s)
p.stdin.close()
p.wait()
lat.sort()
print("--serve on 10,000 entries: p50 %.3f ms, p99 %.3f ms over %d questions"
      % (1000 * lat[len(lat) // 2], 1000 * lat[int(len(lat) * 0.99)], len(lat)))
PY
exit $fail
