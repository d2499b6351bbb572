# Calibration by buckets of equal count, ordered by score.
ec-eval ctr --buckets 2 --user none data/scored.csv
