# Guards: weekly sold quantity per item, weeks labelled by their ISO Monday (03-01 is in the
# week of 02-26), zero-filled from the first sale to the week holding as-of - 1 s, CSV by default.
ec-features sales --freq week --as-of 2024-04-01T00:00:00Z data/events.jsonl
