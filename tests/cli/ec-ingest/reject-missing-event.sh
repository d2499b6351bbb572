# Guards: a record without event stops the run: "FILE:LINE: missing event", exit 1.
ec-ingest data/reject-missing-event.csv >/dev/null
