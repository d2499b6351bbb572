# Guards: a time in epoch milliseconds is told from seconds by its size; the fraction of a second is dropped.
printf 'user,item,event,ts\nu1,i1,view,1709287200123\n' | ec-ingest -q
