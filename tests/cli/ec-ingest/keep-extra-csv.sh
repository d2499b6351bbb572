# Guards: unmapped columns are dropped by default; --keep-extra appends them after the canonical
# columns in CSV output, in input order, keeping their names.
ec-ingest -q --of csv data/extra.csv
ec-ingest -q --of csv --keep-extra data/extra.csv
