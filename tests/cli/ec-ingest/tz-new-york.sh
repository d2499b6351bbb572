# Guards: --tz America/New_York follows daylight saving: noon is 17:00 UTC in January (EST) and 16:00 UTC in July (EDT).
printf 'user,item,event,ts\nu1,i1,view,2024-01-15 12:00:00\nu1,i1,view,2024-07-15 12:00:00\n' | ec-ingest -q --tz America/New_York
