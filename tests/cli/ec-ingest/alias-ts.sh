# Guards: every built-in spelling of the time column (timestamp time event_time InvoiceDate) maps to "ts".
s=1
for h in timestamp time event_time InvoiceDate; do
	printf 'user,item,%s,event\nu1,i1,2024-03-01T10:00:0%sZ,view\n' "$h" "$s" | ec-ingest -q
	s=$((s + 1))
done
