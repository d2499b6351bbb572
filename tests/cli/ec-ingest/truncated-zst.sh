# Guards: a truncated .zst input is a data error (exit 1) whose one message names the file and says
# it is truncated; it is never taken for the end of the data.
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
awk 'BEGIN { print "user,item,ts,event"; for (i = 1; i <= 3000; i++) print "u" i ",i" i "," 1709287200 + i ",view" }' |
    zstd -q -c >full.zst
head -c $(($(wc -c <full.zst) / 2)) full.zst >trunc.csv.zst
ec-ingest trunc.csv.zst >/dev/null 2>err
echo "exit=$?"
cut -d: -f1,2 err
grep -ci truncated err
