# The pipeline of ec-train-ctr(1) on the sample shop: samples from
# ec-features, split by time, DIN and Wide & Deep trained with early stopping
# on a validation set, scored by ec-predict, measured by ec-eval ctr. The
# AUCs are compared with floors (the figures depend on the CPU's BLAS
# kernels in their last digits). Same seed -> same model bytes.
ec-features samples -q --of csv ../../../sample-data/shop/events.jsonl.zst > "$EC_TMP/s.csv"
cd "$EC_TMP" || exit 1
awk -F, 'NR == 1 { print > "train.csv"; print > "valid.csv"; print > "test.csv"; next }
	$1 < "2024-03-01" { print > "train.csv"; next }
	$1 < "2024-03-15" { print > "valid.csv"; next }
	{ print > "test.csv" }' s.csv
for m in lr wd din; do
	ec-train -q -m $m --seq hist_items,hist_cats --target item,category --hidden 32,16 \
		--dim 8 --epochs 3 --valid valid.csv -o $m.ecm train.csv || exit 1
	ec-predict -q -m $m.ecm test.csv | ec-eval ctr > $m.json || exit 1
	sed 's/.*"auc": \([0-9.]*\).*"gauc": \([0-9.]*\).*/\1 \2/' $m.json |
		awk -v m=$m '{ printf "%s AUC above 0.60: %s, GAUC above 0.55: %s\n", m,
			($1 > 0.60 ? "yes" : "no " $1), ($2 > 0.55 ? "yes" : "no " $2) }'
done
ec-train -q -m din --seq hist_items --target item --hidden 32,16 --dim 8 --epochs 2 \
	--seed 5 -o a.ecm train.csv
ec-train -q -m din --seq hist_items --target item --hidden 32,16 --dim 8 --epochs 2 \
	--seed 5 -o b.ecm train.csv
cmp a.ecm b.ecm && echo "same seed: same model bytes"
ec-train -q -m din --dice --seq hist_items --target item --hidden 32,16 --dim 8 --epochs 2 \
	-o dice.ecm train.csv
ec-predict -q -m dice.ecm test.csv | ec-eval ctr |
	sed 's/.*"auc": \([0-9.]*\).*/\1/' | awk '{ print "din --dice AUC above 0.60:", ($1 > 0.60 ? "yes" : "no " $1) }'
