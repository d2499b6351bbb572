# A tiny shop (20 users, 30 items, 3 days): the files, their headers or first
# records, their sizes, and the counts in truth.json.
cd "$EC_TMP" || exit 1
ec-synth --users 20 --items 30 --days 3 --seed 7 -o shop 2>&1
echo "exit $?"
cd shop || exit 1
ls
echo "--- lines"
for f in catalog.csv prices.csv sales.csv reviews.jsonl queries.jsonl faq.jsonl questions.jsonl; do
	printf '%s %s\n' "$f" "$(wc -l <"$f" | tr -d ' ')"
done
printf 'events %s\n' "$(zstd -dcq events.jsonl.zst | wc -l | tr -d ' ')"
echo "--- catalog.csv"
head -n 4 catalog.csv
echo "--- events"
zstd -dcq events.jsonl.zst | head -n 4
zstd -dcq events.jsonl.zst | grep -m 1 '"search"'
zstd -dcq events.jsonl.zst | grep -m 1 '"purchase"'
echo "--- prices.csv"
head -n 3 prices.csv
echo "--- sales.csv"
head -n 3 sales.csv
grep -c '^cat:' sales.csv
grep -m 2 '^cat:furniture,' sales.csv
echo "--- queries.jsonl"
head -n 2 queries.jsonl
echo "--- faq.jsonl"
head -n 1 faq.jsonl
sed -n 16p faq.jsonl
echo "--- questions.jsonl"
head -n 3 questions.jsonl
echo "--- truth.json"
sed -n '1,4p' truth.json
grep -c '^"u[0-9]*": {"top"' truth.json
grep '^"u0001"' truth.json
grep '^"i0001": {"elasticity"' truth.json
echo "--- reviews of a shop of 200 users and 10 days"
cd "$EC_TMP" || exit 1
ec-synth -q --users 200 --items 30 --days 10 --seed 7 -o shop10 || exit 1
wc -l <shop10/reviews.jsonl | tr -d ' '
grep -m 1 '"lang":"zh"' shop10/reviews.jsonl
grep -m 1 '"lang":"en"' shop10/reviews.jsonl
