# Guards: CSV questions with ids; alternatives given as a JSON array and as "a|b"
# both match ("money back", "退款什么时候到账"); synonyms map "parcel" to "order";
# {order} is filled from "20240301-7781" and left as "{order}" without a number;
# {email} filled; an off-topic question escalates (low_score or no_match).
EC_JIEBA_DICT= && export EC_JIEBA_DICT
ec-faq index -q --synonyms data/synonyms.txt data/kb.jsonl -o "$EC_TMP/kb.ecm"
ec-faq answer -k 1 -m "$EC_TMP/kb.ecm" data/questions.csv
