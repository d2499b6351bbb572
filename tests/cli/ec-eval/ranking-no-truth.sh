ec-eval ranking data/recs.jsonl
