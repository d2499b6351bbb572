# Four toy items over 28 days: planted elasticities -2, -1.5, -2.5 come back
# (nearly noise-free data), the fixed-price a4 gets the category's estimate
# and says so; the four bad rows (price 0, qty -2, no ts, no qty) go to
# --rejects with their line numbers.
ec-price fit --rejects "$EC_TMP/rej.jsonl" data/prices.csv
cat "$EC_TMP/rej.jsonl"
