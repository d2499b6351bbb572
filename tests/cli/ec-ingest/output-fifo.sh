# Guards: -o onto a file that is not a regular file (a FIFO here; /dev/null alike) writes into it:
# it must never rename a temporary file over it (as root that replaced /dev/null with a plain file).
# Both sides run under timeout so that a regression fails instead of hanging.
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
mkfifo "$t/fifo" || exit 1
timeout 10 cat "$t/fifo" >"$t/got" &
timeout 10 ec-ingest -q -o "$t/fifo" data/events.csv
echo "exit=$?"
wait
cat "$t/got"
[ -p "$t/fifo" ] && echo "still a FIFO"
ls -a "$t"
