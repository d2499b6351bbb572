# Guards: --seed reproduces a run exactly for a fixed number of threads
# (AD-LDA: per-thread streams, merges in thread order), and the model file
# is the same bytes.
EC_JIEBA_DICT= && export EC_JIEBA_DICT
r=../../../sample-data/shop/reviews.jsonl
for i in 1 2; do
	ec-lda train -q -k 8 --iters 100 --threads 2 --seed 7 --top-words 3 \
	    --topics "$EC_TMP/t$i.jsonl" --doc-topics "$EC_TMP/d$i.jsonl" -o "$EC_TMP/m$i.ecm" $r
done
cmp "$EC_TMP/t1.jsonl" "$EC_TMP/t2.jsonl" && cmp "$EC_TMP/d1.jsonl" "$EC_TMP/d2.jsonl" &&
    cmp "$EC_TMP/m1.ecm" "$EC_TMP/m2.ecm" && echo "same"
sed 's/"alpha":[^,]*,"tokens":[^,]*,//' "$EC_TMP/t1.jsonl"
