# JSONL in, JSONL out: an existing score column is replaced, unknown users,
# items and categories fall to the out-of-vocabulary slots, absent columns
# are empty values.
ec-train -q -m wd --num price --seq hist_items --target item --hidden 8 --dim 4 \
	--epochs 2 -o "$EC_TMP/m.ecm" data/clicks.csv
ec-predict -q -m "$EC_TMP/m.ecm" data/new.jsonl | sed 's/"score":0\.[0-9]*/"score":P/'
