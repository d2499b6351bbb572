# Guards: a JSONL line that is not valid JSON is rejected with the parser's reason, exit 1.
ec-ingest data/reject-invalid-json.jsonl >/dev/null
