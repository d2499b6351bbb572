# Guards: EASE refuses catalogues above 30000 items, naming the alternatives.
awk 'BEGIN { print "ts,user,item,event"; for (i = 0; i <= 30000; i++) printf "2024-01-01,u%d,i%d,view\n", i % 7, i }' > "$EC_TMP/big.csv"
ec-train -q -m ease -o "$EC_TMP/x.ecm" "$EC_TMP/big.csv"
