# Guards: a non-search event without item stops the run: "FILE:LINE: missing item", exit 1.
ec-ingest data/reject-missing-item.csv >/dev/null
