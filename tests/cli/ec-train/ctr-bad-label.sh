# A label must be exactly 0 or 1: anything else stops the run with its line.
ec-train -m lr -o "$EC_TMP/m.ecm" data/bad-label.csv
test -e "$EC_TMP/m.ecm" && echo "a model was written"
exit 0
