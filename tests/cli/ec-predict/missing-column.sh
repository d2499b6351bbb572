# The model's columns must be in the input.
ec-train -q -m lr --num price -o "$EC_TMP/m.ecm" data/clicks.csv
cut -d, -f1-4 data/clicks.csv | ec-predict -m "$EC_TMP/m.ecm"
