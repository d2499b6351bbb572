# Guards: --max-errors N lets N bad records pass (each reported on stderr, FILE:LINE: reason) and the
# run succeeds with the good ones.
ec-ingest --max-errors 2 data/two-bad.csv
