# FTRL logistic regression scores (double precision, no BLAS: exact digits),
# under another column name, as TSV.
ec-train -q -m lr --num price --epochs 2 -o "$EC_TMP/m.ecm" data/clicks.csv
ec-predict -q -m "$EC_TMP/m.ecm" --column p_click --of tsv data/clicks.csv
