# Guards: --user-from-session fills a missing user (NA or empty) from the session id and leaves a real
# user alone; without the option such rows are rejected as "missing user".
ec-ingest --set event=view --user-from-session data/sessions.csv
ec-ingest --set event=view data/sessions.csv >/dev/null
echo "exit=$?"
