# Guards: events identical after normalisation (same ts however written, same event however spelled)
# are dropped and counted in the summary; any differing field keeps an event.
ec-ingest data/dups.csv
