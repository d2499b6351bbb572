# Guards: a record without ts stops the run: "FILE:LINE: missing ts", exit 1.
ec-ingest data/reject-missing-ts.csv >/dev/null
