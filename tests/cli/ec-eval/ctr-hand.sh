# AUC, GAUC and logloss by hand. Scores 0.1 0.9 0.2 0.3 0.4 0.5 with labels
# 0 1 1 0 0 1: positives at ranks 6, 2, 5 -> AUC (13 - 6) / 9 = 0.777778.
# GAUC: u1 AUC 1 (2 impressions), u2 AUC 0 (3), u3 one class and left out ->
# (2 + 0) / 5 = 0.4. Logloss -(2 ln .9 + ln .2 + ln .5 + ln .7 + ln .6) / 6.
ec-eval ctr data/scored.csv
