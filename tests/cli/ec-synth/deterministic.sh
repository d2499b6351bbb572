# Same seed and options: byte-identical files (zstd output included). Another
# seed: every generated file differs. --scale multiplies the users only: 40
# users at scale 0.5 are the 20 users of the plain run, event for event.
cd "$EC_TMP" || exit 1
run() {
	dir=$1
	shift
	ec-synth -q --users 20 --items 30 --days 3 -o "$dir" "$@" || echo "ec-synth failed"
}
run a --seed 7
run b --seed 7
run c --seed 8
run d --seed 7 --users 40 --scale 0.5
run e --seed 7 --lang en
for f in $(ls a); do
	if cmp -s "a/$f" "b/$f"; then same="same"; else same="DIFFERENT"; fi
	if cmp -s "a/$f" "c/$f"; then other="same"; else other="different"; fi
	echo "$f: seed 7 again $same, seed 8 $other"
done
cmp -s a/events.jsonl.zst d/events.jsonl.zst && echo "--users 40 --scale 0.5: same events as --users 20"
grep '"options"' d/truth.json
grep -c '"lang":"zh"' e/queries.jsonl e/reviews.jsonl e/questions.jsonl
grep -c '^{"id":"faq-en-' e/faq.jsonl
head -n 2 e/catalog.csv
