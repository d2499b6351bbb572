# usage errors: one message and a hint on stderr, exit 2, nothing run
run() {
	ec-nightly "$@" 2>&1 >/dev/null
	echo "exit $?"
}
run
run data/shop
run --bogus data/shop "$EC_TMP/out"
run no-such-dir "$EC_TMP/out"
run --date 2024-02-30 data/shop "$EC_TMP/out"
run --date yesterday data/shop "$EC_TMP/out"
run --seed x data/shop "$EC_TMP/out"
run --only ingest,nosuch data/shop "$EC_TMP/out"
printf 'K = 10\nNO_SUCH_KEY = 1\n' >"$EC_TMP/bad.conf"
run -c "$EC_TMP/bad.conf" data/shop "$EC_TMP/out" | sed "s|$EC_TMP|TMP|"
printf '# fine\nK 10\n' >"$EC_TMP/bad2.conf"
run -c "$EC_TMP/bad2.conf" data/shop "$EC_TMP/out" | sed "s|$EC_TMP|TMP|"
run -c "$EC_TMP/none.conf" data/shop "$EC_TMP/out" | sed "s|$EC_TMP|TMP|"
# nothing was created for the failed runs
ls "$EC_TMP"
