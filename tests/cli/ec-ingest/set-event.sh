# Guards: --set event=rate fills a constant field, and wins over an event column of the input.
printf 'user,item,ts,rating\nu1,i1,1709287200,5\n' | ec-ingest -q --set event=rate
ec-ingest -q --set event=rate data/events.csv
