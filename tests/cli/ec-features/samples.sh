# Guards: one row per view, label 1 when the same item is clicked, carted or bought later
# in the same session (u1 i4 at 08:00 is bought at 09:00, a new session: 0; u3 i1 is clicked at
# the same second, after it in the log: 1), history strictly before the view ts, newest first
# (u3 at 01-20 10:00 sees i2 i2, not the simultaneous click), log2 price buckets, hour, ISO weekday.
ec-features samples --as-of 2024-04-01T00:00:00Z data/events.jsonl
