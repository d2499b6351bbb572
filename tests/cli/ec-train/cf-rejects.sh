# Guards: a bad record is fatal with its line; --rejects keeps it aside and
# the model is trained on the rest; --weights with an unknown kind.
printf 'ts,user,item,event\n2024-01-01,u1,a,view\nnot-a-time,u1,b,view\n2024-01-02,u2,a,view\n' > "$EC_TMP/e.csv"
ec-train -q -m pop -o "$EC_TMP/p.ecm" "$EC_TMP/e.csv" 2>"$EC_TMP/err"
echo "exit $?"
sed "s|$EC_TMP|TMP|" "$EC_TMP/err"
ec-train -q -m pop --rejects "$EC_TMP/rej.jsonl" -o "$EC_TMP/p.ecm" "$EC_TMP/e.csv"
echo "exit $?"
sed "s|$EC_TMP|TMP|" "$EC_TMP/rej.jsonl"
ec-train -m pop --weights view=1,foo=2 -o "$EC_TMP/p.ecm" "$EC_TMP/e.csv"
echo "exit $?"
