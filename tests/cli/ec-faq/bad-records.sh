# Guards: bad records are never dropped: a knowledge-base line without an answer,
# a duplicate id, and a question without text each stop with FILE:LINE.
EC_JIEBA_DICT= && export EC_JIEBA_DICT
printf '%s\n' '{"id":"a","question":"q","answer":"x"}' '{"id":"b","question":"q2"}' > "$EC_TMP/nokb.jsonl"
printf '%s\n' '{"id":"a","question":"q","answer":"x"}' '{"id":"a","question":"q2","answer":"y"}' > "$EC_TMP/dup.jsonl"
cd "$EC_TMP" || exit 1
ec-faq index nokb.jsonl -o kb.ecm; echo "exit $?"
ec-faq index dup.jsonl -o kb.ecm; echo "exit $?"
printf '%s\n' '{"id":"a","question":"q","answer":"x"}' > ok.jsonl
ec-faq index -q ok.jsonl -o kb.ecm
printf '%s\n' '{"text":"q"}' '{"id":"2"}' | ec-faq answer -q -m kb.ecm
