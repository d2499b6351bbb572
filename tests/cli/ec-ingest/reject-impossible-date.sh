# Guards: a calendar-impossible date (2023-02-30) is rejected, not rolled over to March.
ec-ingest data/reject-impossible-date.csv >/dev/null
