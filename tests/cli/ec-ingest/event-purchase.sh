# Guards: the source spellings buy, order, transaction become the event "purchase".
for e in buy order transaction BUY; do
	printf 'user,item,ts,event\nu1,i-%s,1709287200,%s\n' "$e" "$e" | ec-ingest -q
done
