# Guards: an unparsable time stops the run with the value quoted, exit 1.
ec-ingest data/reject-bad-time.csv >/dev/null
