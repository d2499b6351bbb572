# Guards: EASE and pop models through the same front end; the Done-when
# pipeline of issue 4 (train, recommend, ec-eval ranking).
ec-train -q -m ease --lambda 1 -o "$EC_TMP/ease.ecm" data/events.csv
ec-recommend -q -m "$EC_TMP/ease.ecm" -k 2 data/events.csv
ec-train -q -m pop -o "$EC_TMP/pop.ecm" data/events.csv
ec-recommend -q -m "$EC_TMP/pop.ecm" -k 2 data/events.csv | head -n 2
ec-recommend -q -m "$EC_TMP/ease.ecm" -k 2 data/events.csv > "$EC_TMP/recs.jsonl"
ec-eval ranking -q -k 1,2 --truth data/events.csv "$EC_TMP/recs.jsonl"
