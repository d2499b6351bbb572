# Guards: the key can come from the environment (EC_KEY) instead of --key-file, giving the same
# pseudonyms for the same key; --pseudonymize user,item replaces both ids; stable across runs.
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
printf 'Jefe' >"$t/key"
EC_KEY=Jefe ec-ingest -q --pseudonymize user data/people.csv >"$t/a"
ec-ingest -q --pseudonymize user --key-file "$t/key" data/people.csv >"$t/b"
cmp -s "$t/a" "$t/b" && echo "EC_KEY and --key-file with the same key agree: yes"
EC_KEY=Jefe ec-ingest -q --pseudonymize user,item data/people.csv >"$t/c"
EC_KEY=Jefe ec-ingest -q --pseudonymize user,item data/people.csv >"$t/d"
cmp -s "$t/c" "$t/d" && echo "two runs agree: yes"
EC_KEY=other ec-ingest -q --pseudonymize user,item data/people.csv >"$t/e"
cmp -s "$t/c" "$t/e" || echo "another EC_KEY differs: yes"
cat "$t/c"
