# Tied scores count one half per pair (average ranks): 3 of 4 pairs -> 0.75.
# No user column: GAUC left out. CSV output.
ec-eval ctr --format csv data/ties.csv
