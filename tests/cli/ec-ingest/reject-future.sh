# Guards: a time more than a day in the future (2099) is rejected.
ec-ingest data/reject-future.csv >/dev/null
