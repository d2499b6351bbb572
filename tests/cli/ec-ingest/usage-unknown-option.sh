# Guards: an unknown option is a usage error: one line, then "Try 'ec-ingest --help'", exit 2.
ec-ingest --bogus data/events.csv
