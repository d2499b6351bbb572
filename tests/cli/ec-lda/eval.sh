# Guards: eval reports perplexity by document completion and NPMI over the
# documents, and NMI against a label column (here the review's language:
# with bigram Chinese and English words, topics split by language, so the
# dominant topic tells the language almost surely).
EC_JIEBA_DICT= && export EC_JIEBA_DICT
r=../../../sample-data/shop/reviews.jsonl
ec-lda train -q -k 8 --iters 200 --seed 1 -o "$EC_TMP/lda.ecm" $r
ec-lda eval -q -m "$EC_TMP/lda.ecm" --labels lang $r
ec-lda eval -q -m "$EC_TMP/lda.ecm" --reference $r data/held-out.jsonl
