# Guards: --tz Asia/Shanghai: a naive 2024-03-01 10:00:00 is 02:00 UTC.
printf 'user,item,event,ts\nu1,i1,view,2024-03-01 10:00:00\n' | ec-ingest -q --tz Asia/Shanghai
