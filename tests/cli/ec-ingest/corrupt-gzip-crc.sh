# Guards: a gzip file whose data or CRC-32 trailer is damaged is an error
# naming the file (libarchive's gzip filter does not check the trailer, so
# such files used to read as "successful" garbage), at the top level and
# as a member of a tar.
t=$(mktemp -d)
printf 'ts,user,item,event\n2024-03-01,u1,i1,view\n' | gzip -n > "$t/crc.csv.gz"
n=$(wc -c < "$t/crc.csv.gz")
printf '\0\0\0\0' | dd of="$t/crc.csv.gz" bs=1 seek=$((n - 8)) conv=notrunc 2>/dev/null
(cd "$t" && ec-ingest -q crc.csv.gz; echo "exit=$?")
seq 1 3000 | awk 'BEGIN { print "ts,user,item,event" } { print "2024-03-01,u" $1 ",i,view" }' |
	gzip -n > "$t/flip.csv.gz"
printf 'X' | dd of="$t/flip.csv.gz" bs=1 seek=2000 conv=notrunc 2>/dev/null
(cd "$t" && ec-ingest -q --rejects rej.jsonl flip.csv.gz > /dev/null; echo "exit=$?"; ls rej.jsonl 2>&1 | sed 's/.*: //')
(cd "$t" && tar cf crc.tar crc.csv.gz && ec-ingest -q crc.tar; echo "exit=$?")
rm -rf "$t"
