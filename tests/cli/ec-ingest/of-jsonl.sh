# Guards: the default JSONL output: keys in canonical order, numbers (qty, price, value, dwell) as
# JSON numbers, ids as strings, absent fields left out.
ec-ingest -q data/full.csv
