# Guards: --label purchase keeps only purchases as positives (u1 i1 was clicked and carted
# but bought: still 1; u3 i1 only clicked: now 0) and --hist 2 cuts the history.
ec-features samples --label purchase --hist 2 --as-of 2024-04-01T00:00:00Z data/events.jsonl
