# Guards: ISO 8601 with a +08:00 offset is converted to UTC (and --tz does not apply to it).
printf 'user,item,event,ts\nu1,i1,view,2024-03-01T10:00:00+08:00\n' | ec-ingest -q
printf 'user,item,event,ts\nu1,i1,view,2024-03-01T10:00:00+08:00\n' | ec-ingest -q --tz America/New_York
