# Guards: business rules (priority, validity window, tags, viewed, category boost,
# coupon and channel of a rule) with prices and categories from sample-data's catalog.
ec-rules guide -q --rules data/rules.jsonl --business data/business.json \
	--catalog ../../../sample-data/shop/catalog.csv --coupons 5000:300,1000:50 \
	--at 2024-06-01 data/carts.jsonl
echo "-- outside the validity window"
ec-rules guide -q --rules data/rules.jsonl --business data/business.json \
	--catalog ../../../sample-data/shop/catalog.csv --at 2025-01-01 data/carts.jsonl | head -n 1
