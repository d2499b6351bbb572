# Guards: a negative price is rejected.
ec-ingest data/reject-negative-price.csv >/dev/null
