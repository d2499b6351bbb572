# Guards: --pseudonymize user --key-file replaces user ids by the first 16 hex digits of
# HMAC-SHA-256(key, id): the same id gets the same pseudonym within and across runs, another key
# gives other pseudonyms, items stay. Checked against RFC 4231 test case 2 (key "Jefe") and against
# an independent HMAC (openssl, else python3).
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
hmac16() {
	if command -v openssl >/dev/null 2>&1; then
		printf '%s' "$2" | openssl dgst -sha256 -hmac "$1" | sed 's/^.*= //'
	else
		printf '%s' "$2" | /usr/bin/python3 -c 'import hashlib, hmac, sys
print(hmac.new(sys.argv[1].encode(), sys.stdin.buffer.read(), hashlib.sha256).hexdigest())' "$1"
	fi | cut -c1-16
}
user() { sed -n "$2"'s/.*"user":"\([^"]*\)".*/\1/p' "$1"; }
printf 'Jefe' >"$t/key1"
printf 'another key' >"$t/key2"
ec-ingest -q --pseudonymize user --key-file "$t/key1" data/people.csv >"$t/a"
ec-ingest -q --pseudonymize user --key-file "$t/key1" data/people.csv >"$t/b"
ec-ingest -q --pseudonymize user --key-file "$t/key2" data/people.csv >"$t/c"
cat "$t/a"
cmp -s "$t/a" "$t/b" && echo "same key, same output: yes"
[ "$(user "$t/a" 1)" = "$(user "$t/a" 3)" ] && echo "same user, same pseudonym: yes"
[ "$(user "$t/a" 1)" != "$(user "$t/c" 1)" ] && [ "$(user "$t/a" 2)" != "$(user "$t/c" 2)" ] &&
    echo "other key, other pseudonyms: yes"
# RFC 4231 test case 2: HMAC-SHA-256("Jefe", "what do ya want for nothing?") = 5bdcc146bf60754e...
[ "$(user "$t/a" 4)" = 5bdcc146bf60754e ] && echo "RFC 4231 vector: match"
for n in 1 2; do
	id=$(sed -n "$((n + 1))p" data/people.csv | cut -d, -f1)
	want=$(hmac16 Jefe "$id")
	got=$(user "$t/a" "$n")
	[ "$want" = "$got" ] && echo "$id: match" || echo "$id: want $want, got $got"
done
