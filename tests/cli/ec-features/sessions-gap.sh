# Guards: --gap 1h joins u1 08:10 and 09:00 (50 minutes) and u2 20:00:40 and 21:00.
ec-features sessions --gap 1h --of tsv --as-of 2024-04-01T00:00:00Z data/events.jsonl | cut -f1,2,3,4,9,11
