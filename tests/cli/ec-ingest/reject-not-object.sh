# Guards: a JSONL line that is valid JSON but not an object (here an array) is rejected; the blank
# line before it still counts for the line number.
ec-ingest data/reject-not-object.jsonl >/dev/null
