# Canonical events aggregated per item and day: purchases are the quantity,
# searches (no item, no price) are skipped; a qty that never varies gives
# no regression of its own (the category's estimate instead).
cat > "$EC_TMP/ev.jsonl" <<'EV'
{"ts":"2024-01-01T10:00:00Z","user":"u1","item":"a","event":"view","price":10}
{"ts":"2024-01-01T10:01:00Z","user":"u1","item":"a","event":"purchase","qty":3,"price":10}
{"ts":"2024-01-01T11:00:00Z","user":"u2","event":"search","text":"shoes"}
{"ts":"2024-01-02T10:00:00Z","user":"u1","item":"a","event":"purchase","qty":1,"price":12}
{"ts":"2024-01-03T10:00:00Z","user":"u1","item":"a","event":"view","price":12}
{"ts":"2024-01-04T10:00:00Z","user":"u1","item":"a","event":"purchase","qty":4,"price":9}
{"ts":"2024-01-05T10:00:00Z","user":"u1","item":"a","event":"purchase","qty":2,"price":11}
{"ts":"2024-01-01T10:00:00Z","user":"u3","item":"b","event":"view","price":5}
{"ts":"2024-01-02T10:00:00Z","user":"u3","item":"b","event":"view","price":6}
{"ts":"2024-01-03T10:00:00Z","user":"u3","item":"b","event":"view","price":5}
EV
ec-price fit "$EC_TMP/ev.jsonl" | cut -d, -f1-13
