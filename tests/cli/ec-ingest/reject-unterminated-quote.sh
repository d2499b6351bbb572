# Guards: a quote opened in the last record and never closed is rejected at the line where the record starts (not swallowed into one field).
ec-ingest data/reject-unterminated-quote.csv >/dev/null
