# Guards: a malformed business rule is an error naming its position and field.
ec-rules guide --rules data/rules.jsonl --business data/bad-business.json data/carts.jsonl
