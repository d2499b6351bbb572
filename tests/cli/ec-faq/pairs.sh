# Guards: pair similarity on a TSV with labels; the paraphrases score above the
# unrelated pairs, so the AUC on stderr is 1.
EC_JIEBA_DICT= && export EC_JIEBA_DICT
ec-faq pairs data/pairs.tsv
