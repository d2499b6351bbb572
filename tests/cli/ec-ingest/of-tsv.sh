# Guards: --of tsv writes the canonical header and fields separated by TAB, quoted as CSV with TAB (a quote quotes the field) so that it reads back.
ec-ingest -q --of tsv data/full.csv
