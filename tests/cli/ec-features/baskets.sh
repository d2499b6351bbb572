# Guards: one basket per order with distinct items in first-seen order (o1: i1 i2), ts of
# its first purchase; returns are not purchases; order-less purchases form USER@TS orders.
ec-features baskets --as-of 2024-04-01T00:00:00Z data/events.jsonl
