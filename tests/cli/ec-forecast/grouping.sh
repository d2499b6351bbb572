# Guards: ungrouped long input is an error naming the line unless --gather;
# with --gather series come out in order of first appearance; --threads
# gives the same bytes as one thread.
printf 'series,ts,value\na,2024-01-01,1\nb,2024-01-01,5\na,2024-01-02,2\nb,2024-01-02,6\n' > "$EC_TMP/u.csv"
ec-forecast -q -h 1 --model naive "$EC_TMP/u.csv" 2>&1 | sed "s|$EC_TMP/||"
ec-forecast -q -h 1 --model naive --gather "$EC_TMP/u.csv"
ec-forecast -q -h 5 data/daily.csv > "$EC_TMP/t1.csv"
ec-forecast -q -h 5 --threads 3 data/daily.csv > "$EC_TMP/t3.csv"
cmp "$EC_TMP/t1.csv" "$EC_TMP/t3.csv" && echo "threads: same output"
