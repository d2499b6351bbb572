# Guards: bad records are never dropped silently. A record without text, one
# with invalid UTF-8 and a broken CSV row stop train with FILE:LINE; with
# --rejects they are written there with the reason and training goes on;
# --max-errors stops after too many; trend rejects a document without a
# time or with a bad one.
EC_JIEBA_DICT= && export EC_JIEBA_DICT
cd "$EC_TMP" || exit 1
printf '%s\n' '{"id":"1","text":"fast delivery good price"}' '{"id":"2"}' \
    '{"id":"3","text":"quality sturdy material good"}' > a.jsonl
printf '{"id":"4","text":"bad \377 byte"}\n' >> a.jsonl
printf '%s\n' '{"id":"5","text":"fast delivery quality"}' >> a.jsonl
ec-lda train -q -k 2 --iters 5 --min-df 1 -o m0.ecm a.jsonl; echo "exit $?"
ec-lda train -q -k 2 --iters 5 --min-df 1 --rejects rej.jsonl -o m.ecm a.jsonl; echo "exit $?"
cat rej.jsonl
ec-lda train -q -k 2 --iters 5 --min-df 1 --max-errors 0 -o m1.ecm a.jsonl; echo "exit $?"
printf 'id,text\n1,"fast delivery\n2,good "price" here\n3,ok\n' > b.csv
ec-lda train -q -k 2 --iters 5 --min-df 1 --max-df 1 --rejects - -o m2.ecm b.csv; echo "exit $?"
printf '%s\n' '{"id":"1","ts":"2024-01-01","text":"fast delivery"}' '{"id":"2","text":"good"}' \
    '{"id":"3","ts":"2024-02-30","text":"good"}' > c.jsonl
ec-lda trend -q -m m.ecm --rejects - c.jsonl; echo "exit $?"
