# Guards: --if accepts only csv, tsv, jsonl: --if xml is a usage error, exit 2.
ec-ingest --if xml data/events.csv
