# A declared column that the samples do not have is a usage error.
ec-train -m din --seq hist --target item -o "$EC_TMP/m.ecm" data/clicks.csv
