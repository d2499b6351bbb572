# Guards: the source spellings pv, view, detail (any case) become the event "view".
for e in pv view detail PV; do
	printf 'user,item,ts,event\nu1,i-%s,1709287200,%s\n' "$e" "$e" | ec-ingest -q
done
