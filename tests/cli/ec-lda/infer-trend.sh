# Guards: infer and trend reuse the model's tokenizer and columns; trend
# writes Series records (series = topic, ts = the Monday of the week, value =
# the mean share) for every week between the first and the last review, the
# shares of a week summing to 1; infer is the same whatever else is in the
# input (one random stream per document).
EC_JIEBA_DICT= && export EC_JIEBA_DICT
r=../../../sample-data/shop/reviews.jsonl
ec-lda train -q -k 4 --iters 100 --seed 2 -o "$EC_TMP/lda.ecm" $r
ec-lda trend -q -m "$EC_TMP/lda.ecm" --by week $r > "$EC_TMP/trend.csv"
head -4 "$EC_TMP/trend.csv"
awk -F, 'NR > 1 { s[$2] += $3; n++ } END { ok = 1; for (w in s) if (s[w] < 0.999 || s[w] > 1.001) ok = 0; print n " rows, shares sum to 1: " ok }' "$EC_TMP/trend.csv"
ec-lda trend -q -m "$EC_TMP/lda.ecm" --by month --of jsonl $r | head -2
head -5 $r | ec-lda infer -q -m "$EC_TMP/lda.ecm" --doc-top 2 > "$EC_TMP/a.jsonl"
head -2 $r | ec-lda infer -q -m "$EC_TMP/lda.ecm" --doc-top 2 > "$EC_TMP/b.jsonl"
head -2 "$EC_TMP/a.jsonl"
head -2 "$EC_TMP/a.jsonl" | cmp - "$EC_TMP/b.jsonl" && echo "same"
