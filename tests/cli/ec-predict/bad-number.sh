# A numeric column that is not a number is a bad record, kept with --rejects.
ec-train -q -m lr --num price -o "$EC_TMP/m.ecm" data/clicks.csv
sed '3s/,12,/,twelve,/' data/clicks.csv > "$EC_TMP/in.csv"
ec-predict -q -m "$EC_TMP/m.ecm" --rejects "$EC_TMP/rej.jsonl" "$EC_TMP/in.csv" | cut -d, -f1,8
sed 's/"source":"[^"]*"/"source":"IN"/' "$EC_TMP/rej.jsonl"
