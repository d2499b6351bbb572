# Guards: a time in epoch seconds becomes YYYY-MM-DDTHH:MM:SSZ.
printf 'user,item,event,ts\nu1,i1,view,1709287200\n' | ec-ingest -q
