# Guards: item is required except for search events: a search without item is written without one.
ec-ingest data/search.csv
