# JSONL samples on standard input: the columns are the first record's keys.
# The same model as from the CSV (ctr-lr): the same scores.
ec-train -q -m lr --num price --seq hist_items --epochs 3 -o "$EC_TMP/m.ecm" < data/clicks.jsonl
ec-predict -q -m "$EC_TMP/m.ecm" data/clicks.csv | cut -d, -f8
