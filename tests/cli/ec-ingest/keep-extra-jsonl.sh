# Guards: --keep-extra in JSONL output: extra CSV columns become keys after the canonical ones, and a
# JSONL key that first appears on a later line is kept too (not silently lost).
ec-ingest -q --keep-extra data/extra.csv
ec-ingest -q data/extra.jsonl
ec-ingest -q --keep-extra data/extra.jsonl
