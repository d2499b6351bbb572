# Guards: without --as-of the profile is taken one second after the newest event
# (2024-03-31T10:00:01Z, the search): u1's recency stays 3 days (03-28 09:00 -> 03-31 10:00),
# u3's becomes 85 (01-05 10:01 -> 03-31 10:00:01 is 59 s short of 86 days), still lapsed, and the summary names the as-of.
ec-features users data/events.jsonl
