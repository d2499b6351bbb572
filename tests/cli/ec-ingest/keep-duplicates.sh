# Guards: --keep-duplicates writes every event, duplicates included, and counts none dropped.
ec-ingest --keep-duplicates data/dups.csv
