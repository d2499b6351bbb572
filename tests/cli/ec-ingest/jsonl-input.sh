# Guards: JSONL input is detected from content; aliases apply to its keys; qty and price are accepted
# as JSON numbers and as strings alike and written as numbers; numeric ids become strings; blank
# lines are skipped; unmapped keys (even nested objects) are dropped.
ec-ingest data/events.jsonl
