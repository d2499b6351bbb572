# Guards: --max-errors takes an integer, parsed strictly: "abc" is a usage error, exit 2.
ec-ingest --max-errors abc data/events.csv
