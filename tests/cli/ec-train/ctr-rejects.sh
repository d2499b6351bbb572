# With --rejects the bad labels go there with their lines and training goes on.
ec-train -q -m lr --rejects "$EC_TMP/rej.jsonl" -o "$EC_TMP/m.ecm" data/bad-label.csv
cat "$EC_TMP/rej.jsonl"
test -s "$EC_TMP/m.ecm" && echo "model written"
