# Guards: a row with fewer fields than the header is rejected with both counts.
ec-ingest data/reject-field-count.csv >/dev/null
