# Guards: a quantity that is not a number is rejected.
ec-ingest data/reject-bad-qty.csv >/dev/null
