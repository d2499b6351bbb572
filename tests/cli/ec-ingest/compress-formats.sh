# Guards: compression is detected from content: the same CSV plain, gzip, zstd, bzip2 and xz gives
# byte-identical output (the compressed copies are made under names that do not tell).
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
gzip -c data/events.csv >"$t/a"
zstd -q -c data/events.csv >"$t/b"
bzip2 -c data/events.csv >"$t/c"
xz -c data/events.csv >"$t/d"
ec-ingest -q data/events.csv >"$t/plain.out"
cat "$t/plain.out"
for z in gzip:a zstd:b bzip2:c xz:d; do
	ec-ingest -q "$t/${z#*:}" >"$t/out"
	echo "${z%%:*}: exit=$? $(cmp -s "$t/plain.out" "$t/out" && echo same || echo DIFFERENT)"
done
cp "$t/a" "$t/events.csv.gz"
ec-ingest -q "$t/events.csv.gz" | cmp -s "$t/plain.out" - && echo ".gz suffix: same"
