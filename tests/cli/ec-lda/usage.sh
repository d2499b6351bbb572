# Guards: usage errors exit 2 with one line and a hint; a damaged model, a
# model of another kind and a vocabulary emptied by pruning exit 1.
EC_JIEBA_DICT= && export EC_JIEBA_DICT
cd "$EC_TMP" || exit 1
ec-lda; echo "exit $?"
ec-lda fit; echo "exit $?"
ec-lda train --iters 5 x.jsonl; echo "exit $?"
ec-lda infer x.jsonl; echo "exit $?"
ec-lda infer -m m.ecm --by day; echo "exit $?"
ec-lda train -k 0; echo "exit $?"
ec-lda train -k 2 --max-df 2; echo "exit $?"
printf '%s\n' '{"text":"a b"}' '{"text":"c d"}' > t.jsonl
ec-lda train -q -k 2 --min-df 3 -o m3.ecm t.jsonl; echo "exit $?"
ec-lda train -q -k 2 --min-df 1 --iters 3 -o m.ecm t.jsonl; echo "exit $?"
head -c 100 m.ecm > cut.ecm
ec-lda infer -m cut.ecm t.jsonl; echo "exit $?"
printf '%s\n' '{"id":"a","question":"q","answer":"x"}' > kb.jsonl
ec-faq index -q kb.jsonl -o kb.ecm
ec-lda infer -m kb.ecm t.jsonl; echo "exit $?"
ec-lda infer -m missing.ecm t.jsonl; echo "exit $?"
