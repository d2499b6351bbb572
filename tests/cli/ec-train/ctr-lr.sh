# FTRL logistic regression on eight hand-made samples, then ec-predict: the
# model file holds the feature specification, so predict takes no flags.
# Shoes were clicked, books were not: the scores say so.
ec-train -q -m lr --num price --seq hist_items --epochs 3 -o "$EC_TMP/m.ecm" data/clicks.csv
ec-predict -q -m "$EC_TMP/m.ecm" data/clicks.csv
