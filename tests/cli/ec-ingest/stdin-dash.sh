# Guards: input from standard input, as "-" and with no FILE at all, compressed or not; messages call
# it "stdin".
ec-ingest -q - <data/events.csv
gzip -c data/events.csv | ec-ingest -q
printf 'user,item,ts,event\n,i1,1709287200,view\n' | ec-ingest -
echo "exit=$?"
