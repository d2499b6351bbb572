#!/bin/sh
# tests/real/ingest.sh: ec-ingest on the public data sets in ../shared/data.
#
# Each check compares what ec-ingest wrote with a number computed here,
# independently, by awk from the source file, and with the number the data
# set's documentation states (MovieLens README, the SOURCE.md notes). The
# data sets are not shipped with ec: without "$EC_SHARED/data" the test
# skips (exit 77). They are read in place, never copied into the project.
#
#   EC_BIN     directory of the ec programs (default: bin/ of this repository)
#   EC_SHARED  the shared directory (default: ../shared beside the repository)
#
# Prints one line per check, "ok   ..." or "FAIL ...: expected X, got Y";
# exit 0 when all pass, 1 on any mismatch.

set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
EC_BIN=${EC_BIN:-$top/bin}
EC_SHARED=${EC_SHARED:-$top/../shared}
data=$EC_SHARED/data

if [ ! -d "$data" ]; then
	echo "SKIP real/ingest: $EC_SHARED/data not found (public data sets are not shipped)"
	exit 77
fi
ingest=$EC_BIN/ec-ingest
if [ ! -x "$ingest" ]; then
	echo "FAIL real/ingest: no executable $ingest (run make)"
	exit 1
fi

LC_ALL=C
TZ=UTC
export LC_ALL TZ
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ec-real-ingest.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'rm -rf "$tmp"; exit 130' INT TERM

nfail=0
# check WHAT EXPECTED ACTUAL (an empty value never passes: a broken
# extraction must not make two empty strings agree)
check() {
	if [ -n "$2" ] && [ "$2" = "$3" ]; then
		echo "ok   $1: $3"
	else
		echo "FAIL $1: expected $2, got $3"
		nfail=$((nfail + 1))
	fi
}
# missing FILE...: a data file this test needs is absent -> fail, not skip
need() {
	for f in "$@"; do
		if [ ! -f "$f" ]; then
			echo "FAIL missing data file $f"
			nfail=$((nfail + 1))
			return 1
		fi
	done
	return 0
}
# summary FIELD: from ec-ingest's last stderr line "ec-ingest: R records read,
# W written, J rejected, D duplicates dropped" (in $tmp/err); FIELD 1..4
summary() {
	sed -n 's/^ec-ingest: \([0-9]*\) records read, \([0-9]*\) written, \([0-9]*\) rejected, \([0-9]*\) duplicates dropped$/\1 \2 \3 \4/p' \
	    "$tmp/err" | tail -n 1 | cut -d' ' -f"$1"
}
# JSONL output: the value of string key K or numeric key K on each line
jstr() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p" "$2"; }
jnum() { sed -n "s/.*\"$1\":\\([-0-9.eE+]*\\)[,}].*/\\1/p" "$2"; }

# ---- MovieLens 100K: u.data is user TAB item TAB rating TAB epoch ----
f=$data/movielens-100k/u.data
if need "$f"; then
	echo "# movielens-100k u.data (--if tsv --no-header --columns user,item,value,ts --set event=rate)"
	"$ingest" --if tsv --no-header --columns user,item,value,ts --set event=rate "$f" \
	    >"$tmp/ml.jsonl" 2>"$tmp/err"
	check "movielens: exit status" 0 $?
	n=$(wc -l <"$tmp/ml.jsonl" | tr -d ' ')
	check "movielens: events (README: 100,000 ratings)" 100000 "$n"
	check "movielens: events = awk's row count" "$(awk 'END { print NR }' "$f")" "$n"
	users=$(jstr user "$tmp/ml.jsonl" | sort -u | wc -l | tr -d ' ')
	check "movielens: distinct users (README: 943)" 943 "$users"
	check "movielens: distinct users = awk's" \
	    "$(awk -F'\t' '!s[$1]++ { n++ } END { print n }' "$f")" "$users"
	items=$(jstr item "$tmp/ml.jsonl" | sort -u | wc -l | tr -d ' ')
	check "movielens: distinct items (README: 1682)" 1682 "$items"
	check "movielens: distinct items = awk's" \
	    "$(awk -F'\t' '!s[$2]++ { n++ } END { print n }' "$f")" "$items"
	got=$(jnum value "$tmp/ml.jsonl" | sort -n | uniq -c | awk '{ printf "%s%s:%s", (NR > 1 ? " " : ""), $2, $1 }')
	want=$(awk -F'\t' '{ h[$3]++ } END { for (r = 1; r <= 5; r++) printf "%s%d:%d", (r > 1 ? " " : ""), r, h[r] }' "$f")
	check "movielens: rating histogram = awk's" "$want" "$got"
	check "movielens: rating histogram (published)" "1:6110 2:11370 3:27145 4:34174 5:21201" "$got"
	check "movielens: events all 'rate'" 100000 "$(grep -c '"event":"rate"' "$tmp/ml.jsonl")"
	check "movielens: summary" "100000 100000 0 0" \
	    "$(summary 1) $(summary 2) $(summary 3) $(summary 4)"
fi

# ---- Taobao UserBehavior: user,item,category,behaviour,epoch; no header ----
f=$data/taobao-userbehavior-sample/UserBehavior_first96168.csv
if need "$f"; then
	echo "# taobao UserBehavior_first96168.csv (--no-header --columns user,item,category,event,ts)"
	"$ingest" --no-header --columns user,item,category,event,ts "$f" >"$tmp/tb.jsonl" 2>"$tmp/err"
	check "taobao: exit status" 0 $?
	n=$(wc -l <"$tmp/tb.jsonl" | tr -d ' ')
	check "taobao: events (SOURCE.md: 96,168)" 96168 "$n"
	check "taobao: events = awk's row count" "$(awk 'END { print NR }' "$f")" "$n"
	jstr event "$tmp/tb.jsonl" | sort | uniq -c >"$tmp/tb.ev"
	for pair in view:pv:85773 cart:cart:5292 fav:fav:2959 purchase:buy:2144; do
		ev=${pair%%:*}
		rest=${pair#*:}
		src=${rest%%:*}
		doc=${rest#*:}
		got=$(awk -v e="$ev" '$2 == e { print $1 }' "$tmp/tb.ev")
		check "taobao: $ev events (SOURCE.md: $src $doc)" "$doc" "${got:-0}"
		check "taobao: $ev events = awk's count of '$src'" \
		    "$(awk -F, -v s="$src" '$4 == s { n++ } END { print n + 0 }' "$f")" "${got:-0}"
	done
	check "taobao: no other event" 4 "$(wc -l <"$tmp/tb.ev" | tr -d ' ')"
	first=$(head -n 1 "$tmp/tb.jsonl" | sed 's/.*"ts":"\([^"]*\)".*/\1/')
	check "taobao: first ts (SOURCE.md: 1511658000)" 2017-11-26T01:00:00Z "$first"
	check "taobao: first ts = date(1) of the first row's epoch" \
	    "$(date -u -d "@$(head -n 1 "$f" | cut -d, -f5)" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null)" "$first"
	check "taobao: category kept" 96168 "$(grep -c '"category":"' "$tmp/tb.jsonl")"
fi

# ---- DIGINETICA item views: session;user;item;timeframe;eventdate ----
f=$data/diginetica-sample/sample_train-item-views.csv
if need "$f"; then
	echo "# diginetica sample_train-item-views.csv (--set event=view --user-from-session)"
	"$ingest" --set event=view --user-from-session "$f" >"$tmp/dg.jsonl" 2>"$tmp/err"
	check "diginetica: exit status" 0 $?
	rows=$(awk 'END { print NR - 1 }' "$f")
	check "diginetica: data rows (wc -l: 12391 newlines, no final one)" 12391 "$rows"
	check "diginetica: records read = data rows" "$rows" "$(summary 1)"
	check "diginetica: rejected" 0 "$(summary 3)"
	# the user is user_id unless missing (NA or empty), else the session id;
	# an event is (eventdate, user, item) since all are views without qty/price
	distinct=$(awk -F';' 'NR > 1 {
		u = $2
		if (u == "" || u == "NA") u = $1
		if (!seen[$5 SUBSEP u SUBSEP $3]++) n++
	} END { print n }' "$f")
	check "diginetica: written = distinct (eventdate, user-or-session, item)" "$distinct" "$(summary 2)"
	check "diginetica: output lines = written" "$(summary 2)" "$(wc -l <"$tmp/dg.jsonl" | tr -d ' ')"
	check "diginetica: duplicates = rows - distinct" "$((rows - distinct))" "$(summary 4)"
fi

# ---- UCI Online Retail (head): InvoiceNo,StockCode,Description,Quantity,
# InvoiceDate,UnitPrice,CustomerID,Country; CRLF; quoted descriptions ----
f=$data/online-retail-uci-head/OnlineRetail_head.csv
if need "$f"; then
	echo "# online-retail OnlineRetail_head.csv (--set event=purchase --time-format '%m/%d/%Y %H:%M' --rejects)"
	"$ingest" --set event=purchase --time-format '%m/%d/%Y %H:%M' --rejects "$tmp/or.rej" \
	    "$f" >"$tmp/or.jsonl" 2>"$tmp/err"
	check "online-retail: exit status" 0 $?
	# CSV fields by hand: descriptions may hold quoted commas and doubled quotes
	awk '
	function split_csv(s, f,    n, i, c, q, cur) {
		n = 0; cur = ""; q = 0
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			if (q) {
				if (c == "\"") {
					if (substr(s, i + 1, 1) == "\"") { cur = cur c; i++ } else q = 0
				} else cur = cur c
			} else if (c == "\"") q = 1
			else if (c == ",") { f[++n] = cur; cur = "" }
			else cur = cur c
		}
		f[++n] = cur
		return n
	}
	{ sub(/\r$/, "") }
	NR == 1 { next }
	{
		rows++
		split_csv($0, f)
		if (f[7] == "") nocust++
		else if (f[4] + 0 < 0) returns++
		if (f[1] ~ /^C/) cancelled++
	}
	END { printf "%d %d %d %d\n", rows, nocust, returns, cancelled }
	' "$f" >"$tmp/or.awk"
	read -r rows nocust returns cancelled <"$tmp/or.awk"
	check "online-retail: data rows (SOURCE.md: 1,071)" 1071 "$rows"
	check "online-retail: records read = data rows" "$rows" "$(summary 1)"
	check "online-retail: rejects = rows without CustomerID (SOURCE.md: one)" "1 $nocust" \
	    "$(summary 3) $(wc -l <"$tmp/or.rej" | tr -d ' ')"
	check "online-retail: rejects all 'missing user'" "$nocust" "$(grep -c '"reason":"missing user"' "$tmp/or.rej")"
	check "online-retail: cancelled invoices in the data (SOURCE.md: 10)" 10 "$cancelled"
	check "online-retail: return events = rows with Quantity < 0 and a CustomerID" "$returns" \
	    "$(grep -c '"event":"return"' "$tmp/or.jsonl")"
	check "online-retail: no negative qty written" 0 "$(grep -c '"qty":-' "$tmp/or.jsonl")"
	w=$(summary 2)
	j=$(summary 3)
	d=$(summary 4)
	check "online-retail: output lines = written" "$w" "$(wc -l <"$tmp/or.jsonl" | tr -d ' ')"
	check "online-retail: events + rejects + duplicates ($w + $j + $d) = data rows" "$rows" \
	    "$((${w:-0} + ${j:-0} + ${d:-0}))"
	first=$(head -n 1 "$tmp/or.jsonl" | sed 's/.*"ts":"\([^"]*\)".*/\1/')
	check "online-retail: first ts (12/1/2010 8:26)" 2010-12-01T08:26:00Z "$first"
fi

if [ "$nfail" -gt 0 ]; then
	echo "real/ingest: $nfail check(s) failed"
	exit 1
fi
echo "real/ingest: all checks passed"
exit 0
