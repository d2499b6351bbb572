# Guards: hand-computed measures on five baskets (N 5; a 4, b 4, c 2, d 2, ab 3):
# c => a conf 1 lift 1.25 conviction null; {} => a conf 0.8 lift 1 (arules' empty
# left sides); a => b conf 0.75 lift 0.9375 conviction 0.8; order lift desc then lhs.
ec-rules mine -q --min-support 0.4 --min-confidence 0.6 data/tiny.csv
echo "-- no empty lhs, min lift 1.1"
ec-rules mine -q --min-support 0.4 --min-confidence 0.6 --no-empty-lhs --min-lift 1.1 data/tiny.csv
echo "-- itemsets (support desc, size, names)"
ec-rules mine -q --itemsets --min-support 0.4 data/tiny.csv
echo "-- stdin, summary"
ec-rules mine --max-len 1 --min-support 0.4 --min-confidence 0.6 < data/tiny.csv
