# Guards: usage errors exit 2 with one line and the --help hint: no subcommand, an unknown one,
# an option of another subcommand, bad durations, times, sizes and choices, split without -o DIR or
# without its rule, -z with -o.
for args in "" "frobnicate" "items --gap 30m" "users --window 30x" "users --as-of yesterday" \
    "users --memory 12Q" "samples --label like" "sales --freq month" "split --test-last 1" \
    "split -o d" "split --test-last 1 --test-from 2024-01-01 -o d" "users -z -o x.jsonl" \
    "users --bogus" "samples --hist -1" "split --as-of 2024-01-01 --test-last 1 -o d"; do
	ec-features $args </dev/null >/dev/null
	echo "[$args] exit=$?"
done
