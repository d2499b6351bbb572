# Guards: every kind of bad event is reported with its line: bad time, missing user,
# event and item, a price that is not a number, a negative quantity (CSV input).
cd "$EC_TMP" || exit 1
printf "ts,user,item,event,qty,price\n2024-02-30,u,i,view,,\n2024-01-01,,i,view,,\n2024-01-01,u,i,,,\n2024-01-01,u,,view,,\n2024-01-01,u,i,view,,cheap\n2024-01-01,u,i,purchase,-2,1\n2024-01-01,u,,search,,\n" >bad.csv
for s in users items sessions samples sales baskets docs; do ec-features $s --max-errors 10 -q bad.csv >/dev/null; echo "$s exit=$?"; done 2>&1 | sort | uniq -c
