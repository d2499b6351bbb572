# Guards: --help prints the full usage to stdout (starting with the synopsis) and exits 0, nothing on stderr.
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
ec-ingest --help >"$t/out"
echo "exit=$?"
sed -n '1,6p' "$t/out"
for o in --output --zstd --if --of --delimiter --no-header --columns --map --set --keep-extra \
    --time-format --tz --event-map --user-from-session --keep-duplicates --pseudonymize \
    --key-file --mask-text --rejects --max-errors --quiet --help --version; do
	grep -q -e "$o" "$t/out" || echo "help does not mention $o"
done
