# Guards: the documented command on sample-data/shop/faq.jsonl: "where is my parcel"
# finds "Where is my package?" (faq-en-05) and, uncalibrated (threshold 0.35), escalates
# it as low_score. Character bigrams (EC_JIEBA_DICT empty) so that the output does not
# depend on whether python3-jieba is installed.
EC_JIEBA_DICT= && export EC_JIEBA_DICT
cp ../../../sample-data/shop/faq.jsonl "$EC_TMP/faq.jsonl"
cd "$EC_TMP" || exit 1
ec-faq index faq.jsonl -o kb.ecm && echo '{"text":"where is my parcel"}' | ec-faq answer -m kb.ecm
