# Guards: --serve answers each line as it comes (JSON or plain text), and a bad line
# gets an error line instead of ending the server.
EC_JIEBA_DICT= && export EC_JIEBA_DICT
ec-faq index -q data/kb.jsonl -o "$EC_TMP/kb.ecm"
printf '%s\n' '{"id":"s1","text":"track my package"}' 'which payment methods' '{"txt":1}' 'not json {' |
    ec-faq answer --serve -q -k 1 -m "$EC_TMP/kb.ecm"
