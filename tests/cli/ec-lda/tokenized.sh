# Guards: --tokenized takes space-separated tokens as they are (no
# segmentation, no stemming of what is given), the tokens subcommand writes
# what train sees, and a model trained on tokens infers tokens without the
# flag being repeated. No id column: ids are record numbers.
EC_JIEBA_DICT= && export EC_JIEBA_DICT
cd "$EC_TMP" || exit 1
{ echo text; printf '%s\n' '快递 很快 物流 快递' '质量 做工 材质' '快递 物流 发货' '做工 质量 结实' \
    '物流 发货 快递' '材质 结实 做工'; } > tok.csv
ec-lda train -q -k 2 --iters 100 --alpha 0.1 --min-df 2 --max-df 0.9 --tokenized --top-words 3 \
    --topics topics.jsonl --doc-topics dt.jsonl -o m.ecm tok.csv
cat topics.jsonl dt.jsonl
{ echo text; printf '%s\n' '物流 快递' '结实 材质 unknownword'; } | ec-lda infer -q -m m.ecm
printf '%s\n' '{"id":"x","text":"Fast deliveries, ＦＡＳＴ！ 物流很快 2024"}' | ec-lda tokens -q --of jsonl
