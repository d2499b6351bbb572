# Guards: a record without user stops the run: "FILE:LINE: missing user", exit 1.
ec-ingest data/reject-missing-user.csv >/dev/null
