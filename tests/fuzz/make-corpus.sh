#!/bin/sh
# tests/fuzz/make-corpus.sh: writes the seed corpus of the fuzz targets into
# tests/fuzz/corpus/fuzz_{csv,jsonl,time}/. The seeds are committed; this
# script says how each was made and remakes them (deterministically: fixed
# mtimes and owners in the tar, no names or times in gzip) when a new form
# is added. Each seed is small and shows one thing the reader must handle,
# so that the fuzzer starts from every branch of the format at once and a
# replay in `make check` is a quick regression test of all of them.
#
#   sh tests/fuzz/make-corpus.sh      (from anywhere; needs gzip, zstd, tar)

set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
c=$top/tests/fuzz/corpus
mkdir -p "$c/fuzz_csv" "$c/fuzz_jsonl" "$c/fuzz_time"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ec-corpus.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

hdr='event_time,user_id,product_id,event_type,price,session_id'
ev='2024-03-01 12:34:56,1001,5002,view,19.99,77
2024-03-01 12:35:10,1001,5002,cart,19.99,77
2024-03-01 12:36:00,1001,5002,purchase,19.99,77'

# ---- CSV ----
d=$c/fuzz_csv
printf '%s\n%s\n' "$hdr" "$ev" >"$d/simple.csv"
printf '%s\n' "$hdr" >"$d/header-only.csv"
: >"$d/empty.csv"
printf '\n\n\r\n' >"$d/only-newlines.csv"
printf 'name,note,price\n"Smith, J.","said ""hi""",1.50\n"",x,2\n' >"$d/quoted.csv"
printf 'id,text\n1,"line one\nline two"\n2,"a\r\nb"\n3,plain\n' >"$d/newline-in-quotes.csv"
printf '%s\r\n' "$hdr" "2024-03-01 12:34:56,1,2,view,1.00,3" \
    "2024-03-01 12:34:57,1,2,cart,1.00,3" >"$d/crlf.csv"
printf '\357\273\277%s\n%s\n' "$hdr" "2024-03-01 12:34:56,1,2,view,1.00,3" >"$d/bom.csv"
printf 'a,b,c\n1,2\n3,4,5\n6\n' >"$d/ragged-short.csv"
printf 'a,b,c\n1,2,3,4\n5,6,7,,\n8,9,10,\n' >"$d/ragged-long-and-trailing.csv"
printf 'a,b\n1,"never closed\n2,3\n' >"$d/unterminated-quote.csv"
printf 'a,b\n1,"closed"x\n2,ab"c\n' >"$d/quote-in-unquoted.csv"
printf 'a,b\n1,caf\351\n2,\300\257\n3,\355\240\200\n4,ok\n' >"$d/invalid-utf8.csv"
printf 'name,city\nJos\303\251,S\303\243o Paulo\n\344\270\255\346\226\207,\360\237\233\222\n' >"$d/utf8.csv"
printf 'a,b\n\n1,2\n\n\n3,4\n\n' >"$d/blank-lines.csv"
printf 'a\tb\tc\n1\t2\t3\n4\t"x\ty"\t6\n' >"$d/tab.tsv"
printf 'a;b;c\n1,5;2;3\n4;5;6\n' >"$d/semicolon.csv"
printf 'a|b|c\n1|2|3\n4|5|6\n' >"$d/pipe.csv"
printf 'a,b\r1,2\r3,4\r' >"$d/lone-cr.csv"
printf 'a,b\n1,2\n3,4' >"$d/no-final-newline.csv"
printf ' a , b \n 1 , 2 \n"  3"," 4 "\n' >"$d/spaces.csv"
printf 'a,b\n1,x\000y\n2,\000\n' >"$d/nul-bytes.csv"
printf '{"a":1}\n{"a":2}\n' >"$d/braces.csv"
printf 'a,a,b\n1,2,3\n' >"$d/duplicate-names.csv"
printf ',,\n,,\n1,,\n' >"$d/empty-fields.csv"
printf '"a""b",c\n"1",""""\n' >"$d/quoted-header.csv"
printf '%s\n%s\n' "$hdr" "$ev" >"$tmp/events.csv"
gzip -9 -n -c "$tmp/events.csv" >"$d/events.csv.gz"
zstd -q -19 -c "$tmp/events.csv" >"$d/events.csv.zst"
head -c 40 "$d/events.csv.gz" >"$d/truncated.csv.gz"
bzip2 -9 -c "$tmp/events.csv" >"$d/events.csv.bz2" 2>/dev/null || rm -f "$d/events.csv.bz2"
xz -9 -c "$tmp/events.csv" >"$d/events.csv.xz" 2>/dev/null || rm -f "$d/events.csv.xz"
# A tar of two members with the same header (the second's is skipped) and
# one of two members whose headers differ (a fatal error naming the member).
mkdir "$tmp/t" "$tmp/u"
printf 'a,b\n1,2\n' >"$tmp/t/part1.csv"
printf 'a,b\n3,4\n' >"$tmp/t/part2.csv"
printf 'a,b\n1,2\n' >"$tmp/u/x.csv"
printf 'a,c\n3,4\n' >"$tmp/u/y.csv"
tarit() {
	(cd "$1" && tar --format=ustar -b 1 --mtime=@0 --owner=0 --group=0 \
	    --numeric-owner --sort=name -cf - .)
}
tarit "$tmp/t" >"$d/two-members.tar"
tarit "$tmp/u" >"$d/header-mismatch.tar"

# ---- JSONL ----
d=$c/fuzz_jsonl
printf '%s\n' \
    '{"event_time":"2024-03-01 12:34:56","user_id":1001,"event_type":"view","price":19.99}' \
    '{"event_time":"2024-03-01 12:35:10","user_id":1001,"event_type":"cart","price":19.99}' \
    >"$d/simple.jsonl"
printf '%s\n' '{"i":42,"neg":-7,"r":0.1,"e":1e300,"t":true,"f":false,"n":null,"s":"x"}' \
    '{"big":9223372036854775807,"tiny":5e-324,"z":-0.0}' >"$d/types.jsonl"
printf '%s\n' '{"a":[1,2,{"b":null}],"o":{"k":"v","l":[]},"e":{}}' >"$d/nested.jsonl"
printf '%s\n' '{"s":"caf\u00e9 \ud83d\uded2 \"q\" \\ \n\t"}' '{"s":"\ud800"}' >"$d/escapes.jsonl"
printf '%s\n' '{"a":1}' '{"a":' 'not json' '{"a":3}' >"$d/invalid-line.jsonl"
printf '%s\n' '{"a":1}' '[1,2]' '7' '"s"' 'null' '{"a":2}' >"$d/not-object.jsonl"
printf '%s\n' '{"a":1,"a":2}' '{"a":3}' >"$d/duplicate-keys.jsonl"
printf '{"a":1}\r\n\r\n  \n\t\n{"a":2}\r\n' >"$d/blank-crlf.jsonl"
printf '\357\273\277{"a":1}\n' >"$d/bom.jsonl"
printf '%s\n' '{"a":1}' '{"b":2,"a":3}' '{"c":4}' '{"d":5,"c":6,"b":7,"a":8}' >"$d/new-keys.jsonl"
printf '{"a":"caf\351"}\n{"a":"ok"}\n' >"$d/invalid-utf8.jsonl"
: >"$d/empty.jsonl"
printf '%s\n' '{"n":1e400}' '{"n":99999999999999999999}' '{"n":-}' >"$d/bad-numbers.jsonl"
printf '{"a":1}\n{"a":2}' >"$d/no-final-newline.jsonl"
printf '%s\n' '{"s":"a\u0000b"}' '{"k\u0000":1}' >"$d/nul-escape.jsonl"
printf '{"a":"x\000y"}\n' >"$d/nul-byte.jsonl"
printf '%s\n' '  {"a":1}  ' '{ "a" : 2 }' >"$d/spaces.jsonl"
printf '%s\n' '{"":1,"a b":2,"\u00e9":3}' >"$d/odd-keys.jsonl"
awk 'BEGIN { s = "{\"d\":"; for (i = 0; i < 300; i++) s = s "["; s = s "1";
    for (i = 0; i < 300; i++) s = s "]"; print s "}" }' >"$d/deep.jsonl"
cp "$d/simple.jsonl" "$tmp/events.jsonl"
gzip -9 -n -c "$tmp/events.jsonl" >"$d/events.jsonl.gz"
zstd -q -19 -c "$tmp/events.jsonl" >"$d/events.jsonl.zst"
mkdir "$tmp/j"
cp "$tmp/events.jsonl" "$tmp/j/a.jsonl"
printf '{"x":1}\n' >"$tmp/j/b.jsonl"
tarit "$tmp/j" >"$d/two-members.tar"

# ---- time: one seed per accepted form, and the near misses ----
d=$c/fuzz_time
rm -f "$d"/*
while IFS='|' read -r name value; do
	printf '%s' "$value" >"$d/$name"
done <<'TIMES'
epoch-s|1709296496
epoch-s-fraction|1709296496.25
epoch-ms|1709296496123
epoch-us|1709296496123456
epoch-ns|1709296496123456789
epoch-zero|0
compact-date|20240301
compact-datetime|20240301123456
date-dash|2024-03-01
date-slash|2024/03/01
iso-minutes|2024-03-01T12:34
space-seconds|2024-03-01 12:34:56
fraction-dot|2024-03-01T12:34:56.789
fraction-comma-z|2024-03-01T12:34:56,5Z
zulu|2024-03-01T12:34:56Z
utc-word|2024-03-01 12:34:56 UTC
offset-colon|2024-03-01T12:34:56+08:00
offset-hhmm|2024-03-01T12:34:56+0800
offset-hh|2024-03-01T12:34:56-05
strptime-us|03/01/2024 12:34
strptime-leap-day|02/29/2024 23:59
leap-day|2024-02-29
bad-feb-29|2023-02-29
bad-month|2024-13-01
bad-hour|2024-03-01 25:00
leap-second|2016-12-31T23:59:60Z
padded|  2024-03-01 12:34:56  
year-0-offset|0000-01-01T00:00:00+18
year-9999|9999-12-31T23:59:59Z
negative-offset-1970|1970-01-01T00:00:00-18:00
bad-offset|2024-03-01T12:34:56+19:00
bad-hour-only|2024-03-01T12
TIMES
: >"$d/empty"
