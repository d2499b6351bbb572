# Guards: the spec's third example, exactly as written: a tar.gz of daily logs with naive Shanghai
# times, written to a zstd file (UTC times, both days, archive order).
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
printf 'user_id,item_id,time,event_type\nu1,i1,2024-03-01 10:00:00,pv\nu1,i2,2024-03-01 23:59:00,cart\n' >2024-03-01.csv
printf 'user_id,item_id,time,event_type\nu2,i2,2024-03-02 08:30:00,buy\n' >2024-03-02.csv
tar -czf logs.tar.gz 2024-03-01.csv 2024-03-02.csv
ec-ingest --tz Asia/Shanghai -o events.jsonl.zst logs.tar.gz
echo "exit=$?"
zstd -dc events.jsonl.zst
