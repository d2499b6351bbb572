# Guards: a delimiter inside a quoted field is data, not a separator.
printf 'user,item,ts,event,text\nu1,"i,1",1709287200,view,"a, b, c"\n' | ec-ingest -q
