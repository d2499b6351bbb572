# Guards: --rejects FILE takes bad records as JSONL {source, line, reason, raw} and the run
# goes on (exit 0) with the good ones; --max-errors N fails at bad record N+1 and leaves no file.
here=$(pwd)
cd "$EC_TMP" || exit 1
cat "$here/data/events.jsonl" >in.jsonl
printf "{\"user\":\"u9\",\"event\":\"view\",\"item\":\"i1\"}\nnot json\n" >>in.jsonl
ec-features items --as-of 2024-04-01T00:00:00Z --rejects rej.jsonl -o items.jsonl in.jsonl
echo "exit=$?"
cat rej.jsonl
wc -l <items.jsonl
ec-features items --max-errors 1 --rejects rej2.jsonl -o items2.jsonl in.jsonl
echo "exit=$?"
ls
