# Guards: the spec's first example, exactly as written: a gzip CSV with a `comment` column mapped to
# text, bad records to bad.jsonl, events to stdout redirected to events.jsonl.
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
printf 'order_id,customer_id,sku,event,time,price,comment\no1,c1,s1,purchase,2024-03-01 09:00:00,19.9,"great, fast delivery"\no2,,s2,purchase,2024-03-01 09:05:00,5,no user here\no3,c2,s3,cart,2024-03-01 09:10:00,7.5,\n' | gzip >raw.csv.gz
ec-ingest --map text=comment --rejects bad.jsonl raw.csv.gz > events.jsonl
echo "exit=$?"
cat events.jsonl
cat bad.jsonl
