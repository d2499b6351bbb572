# Guards: --map naming a column the input does not have is a data error (exit 1) that says which.
ec-ingest --map user=Kunde data/events.csv
