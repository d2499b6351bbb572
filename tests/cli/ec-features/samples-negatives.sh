# Guards: --negatives 2 adds two label-0 rows after each positive, with items the user
# never viewed drawn by popularity, with replacement (seeded: the same output every run), with
# their category and price bucket and the positive row's context (ts, hour, history). u3 viewed
# i1 and i2, so its negatives are among i3 and i4; u1 viewed all four items and gets none.
ec-features samples --negatives 2 --seed 3 --as-of 2024-04-01T00:00:00Z data/events.jsonl
