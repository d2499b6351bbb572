# Guards: "YYYY-MM-DD HH:MM" (no seconds) is read as naive UTC, seconds zero.
printf 'user,item,event,ts\nu1,i1,view,2024-03-01 10:30\n' | ec-ingest -q
