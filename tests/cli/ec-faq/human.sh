# Guards: a request for a person escalates whatever the score (reason "human"),
# in Chinese ("转人工") and English; the best entry is still given when there is one.
EC_JIEBA_DICT= && export EC_JIEBA_DICT
ec-faq index -q data/kb.jsonl -o "$EC_TMP/kb.ecm"
printf '%s\n' '{"id":"h1","text":"转人工"}' '{"id":"h2","text":"我的订单到哪了，转人工"}' \
    '{"id":"h3","text":"Let me talk to a HUMAN agent"}' | ec-faq answer -q -k 1 -m "$EC_TMP/kb.ecm"
