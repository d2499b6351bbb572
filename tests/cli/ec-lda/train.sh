# The sample shop's reviews (Chinese as character bigrams: no dictionary, so
# the result does not depend on python3-jieba), 8 topics, one thread, seeded:
# the topics' top words and the first documents' topics. The planted topics
# of ec-synth come back (delivery, quality, price, service, size, packaging,
# appearance, defects), split by language as the reviews are.
EC_JIEBA_DICT= && export EC_JIEBA_DICT
ec-lda train -q -k 8 --iters 200 --seed 1 --top-words 6 --topics "$EC_TMP/topics.jsonl" \
    --doc-topics "$EC_TMP/dt.jsonl" -o "$EC_TMP/lda.ecm" ../../../sample-data/shop/reviews.jsonl
cat "$EC_TMP/topics.jsonl"
head -3 "$EC_TMP/dt.jsonl"
wc -l < "$EC_TMP/dt.jsonl"
