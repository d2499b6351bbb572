# Guards: the figures on ec-synth's planted questions (sample-data/shop), character
# bigrams: accuracy@1 on in-scope questions and the escalation rates after calibrate.
# Floors checked here too (accuracy@1 >= 0.85, out-of-scope escalated >= 0.85) so that
# a regression shows as a message even when the golden output is updated.
EC_JIEBA_DICT= && export EC_JIEBA_DICT
ec-faq index -q ../../../sample-data/shop/faq.jsonl -o "$EC_TMP/kb.ecm"
ec-faq calibrate -q -m "$EC_TMP/kb.ecm" ../../../sample-data/shop/questions.jsonl | tee "$EC_TMP/c.json"
awk -F'[:,}]' '{ for (i = 1; i < NF; i++) v[$i] = $(i + 1) }
END { if (v["\"accuracy_at_1\""] < 0.85) print "accuracy@1 below the floor 0.85";
      if (v["\"escalated_out_of_scope\""] < 0.85) print "out-of-scope escalation below 0.85" }' "$EC_TMP/c.json"
