# infer --shard I/N: each document in exactly one shard, inferred exactly as
# in the unsharded run (its random stream is its number in the whole
# input), so shards 0/2 and 1/2 together are the unsharded output.
EC_JIEBA_DICT= && export EC_JIEBA_DICT
r=../../../sample-data/shop/reviews.jsonl
ec-lda train -q -k 4 --iters 50 --seed 2 -o "$EC_TMP/lda.ecm" $r || exit 1
ec-lda infer -q -m "$EC_TMP/lda.ecm" $r | sort > "$EC_TMP/all" || exit 1
ec-lda infer -q -m "$EC_TMP/lda.ecm" --shard 0/2 $r > "$EC_TMP/0" || exit 1
ec-lda infer -q -m "$EC_TMP/lda.ecm" --shard 1/2 $r > "$EC_TMP/1" || exit 1
sort "$EC_TMP/0" "$EC_TMP/1" | cmp -s - "$EC_TMP/all" &&
	echo "infer: shards 0/2 + 1/2 = unsharded ($(wc -l < "$EC_TMP/0") + $(wc -l < "$EC_TMP/1") documents)"
ec-lda trend -q -m "$EC_TMP/lda.ecm" --shard 0/2 $r 2>&1
echo "exit $?"
