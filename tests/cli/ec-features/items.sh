# Guards: items: counts, ctr = clicks/views, conversion = purchases/views, revenue net of
# returns (i1: 2x10 - 1x10 = 10), price_mean over every priced event (i1: (6x10 + 2x12)/8 = 10.5),
# trend = (last7/7)/(prev28/28) (i1: 3 vs 5 -> 2.4; i3: 2 vs 1 -> 8), empty for i4 (nothing in the 28
# days before); the search without an item is counted as skipped.
ec-features items --as-of 2024-04-01T00:00:00Z data/events.jsonl
