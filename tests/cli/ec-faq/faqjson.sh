# Guards: the Kaggle {"Questions":[...]} layout is detected (ids are positions, 1-based)
# and every question retrieves its own entry.
EC_JIEBA_DICT= && export EC_JIEBA_DICT
ec-faq index data/faq.json -o "$EC_TMP/kb.ecm"
printf '%s\n' '{"text":"How can I create an account?"}' '{"text":"payment methods"}' |
    ec-faq answer -q -k 0 -m "$EC_TMP/kb.ecm"
