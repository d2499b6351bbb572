# Guards: sessions by a 30-minute inactivity gap named USER-k (u1: 10:10 -> 10:30 -> 08:00
# -> 08:10 | 09:00 is a new session after 50 minutes), a given session id (s9) kept, dwell = time to
# the next event of the session (0 for simultaneous events, absent for the last), the log dwell
# (u2 30) kept; output in user and time order, simultaneous events in log order.
ec-features sessions --as-of 2024-04-01T00:00:00Z data/events.jsonl
