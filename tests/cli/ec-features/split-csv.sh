# Guards: split of a CSV file of any records with user and ts: users with fewer than N+1
# records stay wholly in train (u3), ties keep file order, numeric columns become JSON numbers and
# other columns stay strings ("007").
cd "$EC_TMP" || exit 1
printf "user,ts,label,code\nu1,2024-01-03,1,007\nu1,2024-01-01,0,a\nu1,2024-01-02,1,b\nu2,2024-01-05,0,c\nu2,2024-01-05,1,d\nu3,2024-01-01,1,e\nu3,2024-01-02,0,f\n" >in.csv
ec-features split --test-last 2 -o dir in.csv
echo "== train"; cat dir/train.jsonl
echo "== test"; cat dir/test.jsonl
