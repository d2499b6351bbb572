# usage errors: a message and a hint on stderr, exit 2, no file written
run() {
	ec-report "$@" 2>&1 >/dev/null
	echo "exit $?"
}
run
run data data
run --bogus data
run --top 0 data
run -o "$EC_TMP/r.html" no-such-dir
ls "$EC_TMP"
