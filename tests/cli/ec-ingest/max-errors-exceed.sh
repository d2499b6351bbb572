# Guards: --max-errors N fails (exit 1) at bad record N+1, with and without --rejects; the rejects
# file is then not left behind.
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
ec-ingest --max-errors 1 data/two-bad.csv >/dev/null
echo "exit=$?"
ec-ingest --max-errors 1 --rejects "$t/bad.jsonl" data/two-bad.csv >/dev/null
echo "exit=$?"
ls -a "$t"
