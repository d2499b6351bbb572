#!/bin/sh
# Click-through models on MovieLens 100K (issue 5): label = rating >= 4;
# features user, item, the user's gender, age bucket and occupation
# (u.user), the item's genres (u.item, a sequence), hour and weekday, and the
# user's previous 10 rated items (sequence, target item). Split by time:
# the first 72% of ratings train, the next 8% validate (early stopping), the
# last 20% test. Asserts the test AUCs against floors measured on this
# machine less 0.01 (lr 0.673, wd 0.696, din 0.696 measured), that both deep
# models beat LR, and that DIN is within 0.01 of Wide & Deep (the DIN paper's
# MovieLens gain over W&D is 0.003; Zhou et al. 2018, Table 3).
set -u
data=$EC_SHARED/data/movielens-100k
if [ ! -r "$data/u.data" ]; then
	echo "SKIP $data not present"
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ec-real-ctr.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
tab=$(printf '\t')
sort -t "$tab" -k4,4n -k1,1n -k2,2n "$data/u.data" |
	awk -F'|' -f tests/real/ctr_ml100k.awk "$data/u.user" "$data/u.item" - > "$tmp/all.csv" || exit 1
awk -v d="$tmp" 'NR == 1 { print > (d "/train.csv"); print > (d "/valid.csv"); print > (d "/test.csv"); next }
	NR <= 72001 { print > (d "/train.csv"); next }
	NR <= 80001 { print > (d "/valid.csv"); next }
	{ print > (d "/test.csv") }' "$tmp/all.csv"
fail=0
for m in lr wd din; do
	case $m in
	lr) opts="--epochs 3" ;;
	*) opts="--hidden 128,64 --batch 128 --epochs 5" ;;
	esac
	# shellcheck disable=SC2086
	"$EC_BIN/ec-train" -q -m $m $opts --seq hist_items,genres --target item \
		--valid "$tmp/valid.csv" -o "$tmp/$m.ecm" "$tmp/train.csv" || exit 1
	"$EC_BIN/ec-predict" -q -m "$tmp/$m.ecm" "$tmp/test.csv" |
		"$EC_BIN/ec-eval" ctr > "$tmp/$m.json" || exit 1
	auc=$(sed 's/.*"auc": \([0-9.]*\).*/\1/' "$tmp/$m.json")
	gauc=$(sed 's/.*"gauc": \([0-9.]*\).*/\1/' "$tmp/$m.json")
	eval "auc_$m=$auc"
	echo "movielens-100k $m: test AUC $auc GAUC $gauc"
done
check() { # description, awk condition
	if awk "BEGIN { exit !($2) }"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi
}
check "lr AUC $auc_lr >= 0.663" "$auc_lr >= 0.663"
check "wd AUC $auc_wd >= 0.687" "$auc_wd >= 0.687"
check "din AUC $auc_din >= 0.687" "$auc_din >= 0.687"
check "wd beats lr by 0.01" "$auc_wd >= $auc_lr + 0.01"
check "din beats lr by 0.01" "$auc_din >= $auc_lr + 0.01"
check "din within 0.01 of wd" "$auc_din >= $auc_wd - 0.01"
exit $fail
