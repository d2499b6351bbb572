# Guards: -o is atomic: when a run fails on a bad record, an existing out.jsonl stays byte-identical
# and no temporary file is left in its directory; a run that succeeds replaces it.
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
mkdir "$t/d"
printf '{"previous":"run"}\n' >"$t/d/out.jsonl"
cp "$t/d/out.jsonl" "$t/keep"
ec-ingest -o "$t/d/out.jsonl" data/two-bad.csv
echo "exit=$?"
cmp -s "$t/keep" "$t/d/out.jsonl" && echo "out.jsonl unchanged"
ls -a "$t/d"
ec-ingest -q -o "$t/d/out.jsonl" data/events.csv
echo "exit=$?"
cat "$t/d/out.jsonl"
ls -a "$t/d"
