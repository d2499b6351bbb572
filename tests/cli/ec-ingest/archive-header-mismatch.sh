# Guards: a tar member whose header differs from the first member's stops the run (exit 1) with a
# message naming the member as ARCHIVE(MEMBER).
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
cp data/day1.csv "$t/"
printf 'uid,item,ts,event\nu2,i2,2024-03-02 11:00:00,buy\n' >"$t/day2.csv"
tar -C "$t" -czf "$t/x.tar.gz" day1.csv day2.csv
cd "$t" || exit 1
ec-ingest x.tar.gz >/dev/null 2>err
echo "exit=$?"
cut -d: -f1,2 err
wc -l <err | tr -d ' '
