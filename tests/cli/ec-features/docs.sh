# Guards: every event with text becomes a document with a stable id (XXH3-64 of ts, user,
# item, event and text: the same id whatever the input order or format); --events filters kinds;
# --window with the default as-of keeps the last day only.
ec-features docs data/events.jsonl
tac data/events.jsonl | ec-features docs --of csv -q
ec-features docs --events review -q data/events.jsonl
ec-features docs --window 1d -q data/events.jsonl
