# Guards: --by category --value revenue sums qty x price per category
# (B on the week of 02-26: 5, of 03-04: 4; A: 2 x 10 = 20), JSONL on request, hourly labels in ISO
# time for --freq hour (a 3-hour window: 10:00 .. 12:00).
ec-features sales --by category --value revenue --freq week --of jsonl --as-of 2024-04-01T00:00:00Z data/events.jsonl
ec-features sales --freq hour --window 3h --as-of 2024-03-01T13:00:00Z data/events.jsonl
