# Guards: "YYYY/MM/DD HH:MM:SS" is read like the dashed form.
printf 'user,item,event,ts\nu1,i1,view,2024/03/01 10:00:00\n' | ec-ingest -q
