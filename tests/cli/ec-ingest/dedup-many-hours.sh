# Guards: the duplicate filter across many hours of event time (its map of
# hourly tables grows past 32 hours; a stale pointer into the old map was
# read after it grew: make asan caught it). Every event appears twice, in
# reverse order the second time: 48 distinct events, 48 duplicates.
t=$(mktemp -d)
seq 0 47 | awk 'BEGIN { print "ts,user,item,event" } { print 1709251200 + 3600 * $1 ",u,i,view" }' > "$t/in.csv"
sort -r "$t/in.csv" | grep -v ts >> "$t/in.csv"
ec-ingest "$t/in.csv" 2>&1 >/dev/null
ec-ingest -q "$t/in.csv" | tail -n 1
rm -rf "$t"
