# Guards: --window 5d narrows counts, top categories, price quantiles and dwell to
# [03-27, 04-01) while recency, frequency, monetary, last_items and tags keep all history; CSV output
# with empty cells for empty values (u3 has no event in the window).
ec-features users --as-of 2024-04-01T00:00:00Z --window 5d --of csv data/events.jsonl
