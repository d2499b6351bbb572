# Guards: a bare date YYYY-MM-DD is midnight UTC.
printf 'user,item,event,ts\nu1,i1,view,2024-03-01\n' | ec-ingest -q
