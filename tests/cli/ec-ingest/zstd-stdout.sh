# Guards: -z compresses standard output with zstd (the stream starts with the zstd magic 28 b5 2f fd).
ec-ingest -q -z data/events.csv | od -An -tx1 -N4 | tr -s ' ' | sed 's/^ //'
ec-ingest -q -z data/events.csv | zstd -dc
