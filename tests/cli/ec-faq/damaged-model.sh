# Guards: a damaged model file, a file of another kind and a non-model are refused
# with a clear message and exit 1, never a crash.
EC_JIEBA_DICT= && export EC_JIEBA_DICT
ec-faq index -q data/kb.jsonl -o "$EC_TMP/kb.ecm"
cp "$EC_TMP/kb.ecm" "$EC_TMP/bad.ecm"
printf 'X' | dd of="$EC_TMP/bad.ecm" bs=1 seek=100 conv=notrunc 2>/dev/null
cd "$EC_TMP" || exit 1
echo '{"text":"x"}' | ec-faq answer -m bad.ecm; echo "exit $?"
echo '{"id":"a"}' > notmodel.ecm
echo '{"text":"x"}' | ec-faq answer -m notmodel.ecm; echo "exit $?"
head -c 30 kb.ecm > short.ecm
echo '{"text":"x"}' | ec-faq answer -m short.ecm
