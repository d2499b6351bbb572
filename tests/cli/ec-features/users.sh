# Guards: the user profile of ec-features(1) on the hand-made log, every value checked by hand
# (tests/unit/test_features.c test_rfm repeats u1): counts, recency 3 / 86 days, frequency from
# order ids plus order-less purchase times, monetary net of the return (119), top categories with a
# tie broken lexicographically (u2, u3: "A B"), type 7 price quantiles (4.7, 18.4, 9), dwell mean
# from inactivity sessions (3000/7, (30+120)/2, (60+0)/2), distinct last items, and the tags:
# high_value is u1 alone (119 >= 15 + 0.9 x (119 - 15) = 108.6).
ec-features users --as-of 2024-04-01T00:00:00Z data/events.jsonl
