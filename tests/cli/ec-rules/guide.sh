# Guards: the documented command with prices in the basket lines: b1 (4300) matches
# i0001 => i0002 and {} => i0005 ({i0001,i0003} => i0004 too); the knapsack needs 700
# more for 5000:300 and takes the cheapest set reaching it; b2 (200) cannot reach it.
ec-rules guide -q --rules data/rules.jsonl --coupons 5000:300 data/baskets.jsonl
