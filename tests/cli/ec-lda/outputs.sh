# A failed train replaces none of its outputs (all are written to temporary
# files and renamed only when every one is complete); train without any
# output is a usage error.
echo keep > "$EC_TMP/m.ecm"
echo keep > "$EC_TMP/t.jsonl"
ec-lda train -q -k 2 --iters 3 --topics "$EC_TMP/t.jsonl" --doc-topics "$EC_TMP/no/dt.jsonl" \
	-o "$EC_TMP/m.ecm" ../../../sample-data/shop/reviews.jsonl 2> "$EC_TMP/err"
echo "exit $?"
sed "s|$EC_TMP/||" "$EC_TMP/err"
cat "$EC_TMP/m.ecm" "$EC_TMP/t.jsonl"
ec-lda train -k 2 ../../../sample-data/shop/reviews.jsonl 2>&1
echo "exit $?"
