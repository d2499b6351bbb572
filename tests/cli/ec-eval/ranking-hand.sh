# Guards: ranking metrics on a hand case (see ranking-hand.stdout):
# u1 truth {a,b}, list a x b; u2 truth {c}, list y z c; u3 truth {a}, no list.
#   Recall@1 = (1/1 + 0 + 0) / 3 = 0.333333; Recall@3 = (2/2 + 1/1 + 0) / 3 = 0.666667
#   NDCG@3 u1 = (1 + 1/log2 4) / (1 + 1/log2 3) = 0.919721, u2 = 0.5 / 1 = 0.5
#     mean (0.919721 + 0.5 + 0) / 3 = 0.473240
#   MAP@3 u1 = (1 + 2/3) / 2 = 0.833333, u2 = (1/3) / 1; mean 0.388889
#   MRR = (1 + 1/3 + 0) / 3 = 0.444444; HitRate@1 = 1/3, @3 = 2/3
#   Coverage@3 = 7 items listed (a x b y z c q) / 7 known = 1
ec-eval ranking -q -k 1,3 --truth data/truth.csv data/recs.jsonl
ec-eval ranking -q -k 3 --of csv --catalog-size 14 --truth data/truth.csv data/recs.jsonl
