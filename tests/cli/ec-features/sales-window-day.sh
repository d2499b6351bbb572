# Guards: --window 7d keeps purchases in [03-25, 04-01): only i4 (03-28), daily,
# zero-filled to 03-31 (as-of is midnight, so 04-01 is not a bucket).
ec-features sales --window 7d --as-of 2024-04-01T00:00:00Z data/events.jsonl
