# Guards (regression): times before 1970 and in 1970-1973 survive the sort. The sorter used to carry
# ts as epoch digits, re-read with ec_time_parse: "-3600" was refused and 8-digit epochs (before
# 1973-03-03) were taken for YYYYMMDD, so such logs died with "record damaged".
printf '{"ts":"1972-06-01T00:00:00Z","user":"a","item":"x","event":"view"}\n{"ts":"1969-12-31T23:00:00Z","user":"a","item":"y","event":"purchase","price":2}\n{"ts":"1970-01-02T00:00:00Z","user":"a","item":"y","event":"view"}\n' >"$EC_TMP/old.jsonl"
ec-features sessions -q "$EC_TMP/old.jsonl"
ec-features users -q --as-of 1972-06-02 "$EC_TMP/old.jsonl"
