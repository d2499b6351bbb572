# The configuration file: comments, blanks around '=', quoted values, an
# empty value turning a kind of input off; --only runs the named stages and
# leaves the others alone; the defaults find an ec-synth directory's files.
cat >"$EC_TMP/n.conf" <<'CONF'
# only the events and the queries, no reviews
   DATE = 2024-01-29
EVENTS=events.jsonl.zst
REVIEWS =
QUERIES = "queries*"
QUERIES_OPTS = --set event=search
CONF
ec-nightly -q -c "$EC_TMP/n.conf" --only ingest,features data/shop "$EC_TMP/out" >"$EC_TMP/summary"
echo "exit $?"
sed "s|$EC_TMP|TMP|g; s|$(pwd)|DIR|g" "$EC_TMP/summary"
ls "$EC_TMP/out"
cat "$EC_TMP/out/logs/progress.log" | sed 's/ in [0-9.]* s/ in N s/'
