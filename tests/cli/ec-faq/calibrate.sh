# Guards: calibrate picks the threshold maximising accuracy on labelled questions,
# prints the figures, and rewrites the model in place (answer then uses it: the
# off-topic questions escalate, the others are answered).
EC_JIEBA_DICT= && export EC_JIEBA_DICT
ec-faq index -q --synonyms data/synonyms.txt data/kb.jsonl -o "$EC_TMP/kb.ecm"
ec-faq calibrate -q -m "$EC_TMP/kb.ecm" data/valid.jsonl
ec-faq answer -q -k 0 -m "$EC_TMP/kb.ecm" data/valid.jsonl | cut -c1-60
