# Guards: an option of another model is a usage error.
ec-train -m itemknn --lambda 5 -o "$EC_TMP/x.ecm" data/events.csv
