# Guards: --columns names a headerless file's columns: without --no-header it is a usage error, exit 2.
ec-ingest --columns user,item,ts,event data/events.csv
