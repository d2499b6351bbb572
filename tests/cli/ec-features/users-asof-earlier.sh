# Guards: events at or after --as-of do not count (u1 keeps only 03-01 .. 03-10; u2
# has no event before 03-15 and has no row) and are counted in the summary.
ec-features users --as-of 2024-03-15T00:00:00Z data/events.jsonl
