# Guards: usage errors exit 2 with one line and a hint.
ec-rules
ec-rules guide data/carts.jsonl
ec-rules mine --min-support 2 data/tiny.csv
ec-rules guide --rules data/rules.jsonl --coupons 300:500 data/carts.jsonl
ec-rules mine --coupons 5000:300 data/tiny.csv
