# a run while another holds the lock stops at once: exit 1, a message, and
# the other run's files untouched
mkdir -p "$EC_TMP/out"
echo previous >"$EC_TMP/out/events.jsonl.zst"
flock "$EC_TMP/out/.lock" ec-nightly --date 2024-01-29 data/shop "$EC_TMP/out" 2>&1 |
    sed "s|$EC_TMP|TMP|g"
echo "exit $(flock "$EC_TMP/out/.lock" sh -c 'ec-nightly -q --date 2024-01-29 data/shop "$1/out" 2>/dev/null; echo $?' sh "$EC_TMP")"
cat "$EC_TMP/out/events.jsonl.zst"
