# Guards: ISO 8601 with Z passes through as UTC.
printf 'user,item,event,ts\nu1,i1,view,2024-03-01T10:00:00Z\n' | ec-ingest -q
