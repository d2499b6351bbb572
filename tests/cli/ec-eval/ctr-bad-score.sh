# A score outside [0, 1] or a label other than 0/1 is a bad record; with
# --rejects they are written there with their line and the rest counts.
ec-eval ctr -q --rejects "$EC_TMP/rej.jsonl" data/bad-score.csv
cat "$EC_TMP/rej.jsonl"
ec-eval ctr data/bad-score.csv
