# Guards: a broken CSV record is never dropped silently: the run fails with FILE:LINE,
# or with --rejects it is written there and the run goes on.
ec-rules mine -q --min-support 0.3 --rejects "$EC_TMP/rej.jsonl" data/bad.csv
cat "$EC_TMP/rej.jsonl"
ec-rules mine -q data/bad.csv
