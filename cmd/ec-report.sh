#!/bin/sh
# ec-report: the nightly report, one static HTML page built from the files
# ec-nightly leaves in its output directory.
#
# Tables are written by awk straight from the CSV/JSONL outputs; plots are
# drawn by gnuplot's SVG terminal and embedded as data: URIs (base64), so the
# page is one file that needs no network and no other file, and that can be
# replaced atomically (-o writes a temporary file and renames it). A section
# whose input is absent says so instead of failing: the report of a run with
# skipped stages is still a report. Nothing in the page depends on the clock,
# so the same outputs give the same bytes.
#
# The JSON read here is the flat JSONL the ec programs write (one object a
# line, numbers and strings, arrays of strings or of small objects); awk's
# regular expressions are enough for that and keep the report free of
# run-time dependencies beyond gnuplot.

VERSION=@VERSION@
prog=ec-report

usage() {
	cat <<'EOF'
usage: ec-report [-o FILE] [--date YYYY-MM-DD] [--top N] DIR

Write an HTML report of the nightly outputs in DIR (ec-nightly's output
directory) to standard output or FILE: key figures, recommendation and
click-through metrics, forecast fan charts of the top items and the
selection list, demand curves with the recommended prices, topics with their
top words and share trends, the strongest association rules, FAQ accuracy.
Plots need gnuplot (SVG terminal); without it the tables alone are written.

Options:
  -o, --output FILE  write to FILE atomically (default: standard output)
      --date D       the run's date shown in the title (default: none)
      --top N        items per plot group and rows per table (default 6)
  -h, --help         this help
  -V, --version      version

Exit status: 0 success, 1 runtime error, 2 usage error.
EOF
}
die_usage() {
	echo "$prog: $*" >&2
	echo "try '$prog --help'" >&2
	exit 2
}
die() {
	echo "$prog: $*" >&2
	exit 1
}

LC_ALL=C
export LC_ALL
output=
rdate=
top=6
while [ $# -gt 0 ]; do
	case $1 in
	-o | --output) [ $# -ge 2 ] || die_usage "$1 needs a file"; output=$2; shift 2 ;;
	--output=*) output=${1#*=}; shift ;;
	--date) [ $# -ge 2 ] || die_usage "--date needs YYYY-MM-DD"; rdate=$2; shift 2 ;;
	--date=*) rdate=${1#*=}; shift ;;
	--top) [ $# -ge 2 ] || die_usage "--top needs a number"; top=$2; shift 2 ;;
	--top=*) top=${1#*=}; shift ;;
	-h | --help) usage; exit 0 ;;
	-V | --version) echo "ec-report (ec) $VERSION"; exit 0 ;;
	--) shift; break ;;
	-?*) die_usage "unknown option '$1'" ;;
	*) break ;;
	esac
done
[ $# -eq 1 ] || die_usage "need one directory"
[ -d "$1" ] || die_usage "'$1' is not a directory"
case $top in '' | *[!0-9]* | 0) die_usage "--top '$top' is not a positive number" ;; esac
D=$1

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ec-report.XXXXXX") || die "cannot create a temporary directory"
part=
trap 'rm -rf "$tmp" $part' EXIT
trap 'exit 130' HUP INT TERM
plots=1
command -v gnuplot >/dev/null 2>&1 || plots=0

# ---- helpers ----

decompress() {
	case $1 in
	*.zst) zstd -dcq "$1" ;;
	*.gz) gzip -dc "$1" ;;
	*) cat "$1" ;;
	esac
}
esc() { sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g; s/"/\&quot;/g'; }
have() { [ -s "$D/$1" ]; }
missing() { printf '<p class="skip">Not produced in this run: %s.</p>\n' "$1"; }

# The awk function that splits one CSV line into f[1..n] (quotes, "" inside)
# and maps the header's names to columns.
CSV_AWK='
function csvsplit(s, f,    n, i, c, q, cur) {
	n = 0; cur = ""; q = 0
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (q) {
			if (c == "\"") { if (substr(s, i + 1, 1) == "\"") { cur = cur c; i++ } else q = 0 }
			else cur = cur c
		} else if (c == "\"") q = 1
		else if (c == ",") { f[++n] = cur; cur = "" }
		else cur = cur c
	}
	f[++n] = cur
	return n
}
function html(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); return s }
'

# csv_table FILE ROWS [COLUMNS]: the header and the first ROWS rows as a
# table, only the comma-separated COLUMNS when given (those that exist)
csv_table() {
	decompress "$1" | awk -v rows="$2" -v want="${3:-}" "$CSV_AWK"'
	{ sub(/\r$/, "") }
	NR == 1 { n = csvsplit($0, h); k = 0
	  if (want != "") { nw = split(want, w, ","); for (j = 1; j <= nw; j++) for (i = 1; i <= n; i++) if (h[i] == w[j]) col[++k] = i }
	  else for (i = 1; i <= n; i++) col[++k] = i
	  printf "<table><tr>"; for (j = 1; j <= k; j++) printf "<th>%s</th>", html(h[col[j]]); print "</tr>"; next }
	NR - 1 > rows { exit }
	{ m = csvsplit($0, f); printf "<tr>"
	  for (j = 1; j <= k; j++) { v = f[col[j]]; printf (v ~ /^-?[0-9.]+([eE][-+]?[0-9]+)?$/ ? "<td class=\"n\">%s</td>" : "<td>%s</td>"), html(v) }
	  print "</tr>" }
	END { print "</table>" }'
}

# kv_table FILE: every "key": number pair of a flat JSON file as a table
# (a key seen on several lines with "k" or "K" set becomes key@k)
kv_table() {
	decompress "$1" | awk '
	{ k = ""
	  if (match($0, /"[kK]"[ \t]*:[ \t]*[0-9]+/)) { k = substr($0, RSTART, RLENGTH); sub(/.*:[ \t]*/, "", k) }
	  s = $0
	  while (match(s, /"[^"]+"[ \t]*:[ \t]*-?[0-9][0-9.eE+-]*/)) {
		p = substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH)
		key = p; sub(/"[ \t]*:.*/, "", key); sub(/^"/, "", key)
		val = p; sub(/.*:[ \t]*/, "", val)
		if (key == "k" || key == "K") continue
		if (k != "") key = key "@" k
		if (!(key in v)) order[++n] = key
		v[key] = val
	  } }
	END { if (!n) exit
	  print "<table><tr><th>measure</th><th>value</th></tr>"
	  for (i = 1; i <= n; i++) printf "<tr><td>%s</td><td class=\"n\">%s</td></tr>\n", order[i], v[order[i]]
	  print "</table>" }'
}

# plot NAME TITLE: run the gnuplot script on stdin into NAME.svg and write
# the <img> that embeds it
plot() {
	[ "$plots" = 1 ] || { cat >/dev/null; return 0; }
	{
		printf "set terminal svg size %s font 'Helvetica,11' background rgb 'white'\n" "${3:-460,280}"
		printf "set output '%s/%s.svg'\n" "$tmp" "$1"
		echo "set datafile separator ','"
		echo "set datafile missing '?'"
		echo "set key top left font ',9' noopaque"
		echo "set border 3; set tics nomirror; set grid ytics lc rgb '#dddddd'"
		cat
	} | sed "s|$tmp/||g" >"$tmp/$1.gp"
	# run where the data are, so that the SVG names them without the
	# temporary directory (gnuplot writes each plot command into the SVG)
	if ! (cd "$tmp" && gnuplot "$1.gp") 2>"$tmp/$1.err" || [ ! -s "$tmp/$1.svg" ]; then
		echo "$prog: gnuplot failed on $1:" >&2
		sed 's/^/  /' "$tmp/$1.err" >&2
		exit 1
	fi
	printf '<figure><img alt="%s" src="data:image/svg+xml;base64,' "$(printf '%s' "$2" | esc)"
	base64 -w 0 "$tmp/$1.svg"
	printf '"><figcaption>%s</figcaption></figure>\n' "$(printf '%s' "$2" | esc)"
}

# ---- sections ----

key_figures() {
	echo '<h2 id="figures">Key figures</h2><table><tr><th>what</th><th>count</th><th>file</th></tr>'
	row() { [ -n "$2" ] && printf '<tr><td>%s</td><td class="n">%s</td><td>%s</td></tr>\n' "$1" "$2" "$3"; }
	lines() { have "$1" && decompress "$D/$1" | grep -c . ; }
	rows() { have "$1" && echo $(($(lines "$1") - 1)); }
	if have events.jsonl.zst; then
		decompress "$D/events.jsonl.zst" | grep -o '"event":"[^"]*"' | cut -d'"' -f4 | sort | uniq -c |
		    awk '{ printf "<tr><td>%s events</td><td class=\"n\">%d</td><td>events.jsonl.zst</td></tr>\n", $2, $1 }'
	fi
	rej=0
	for f in "$D"/rejects-*.jsonl; do [ -s "$f" ] && rej=$((rej + $(grep -c . "$f"))); done
	row "bad raw records kept aside" "$rej" "rejects-*.jsonl"
	row "user profiles" "$(rows users.csv)" users.csv
	row "items with activity" "$(rows items.csv)" items.csv
	row "orders (baskets)" "$(rows baskets.csv)" baskets.csv
	row "documents (reviews, queries)" "$(lines docs.jsonl)" docs.jsonl
	row "click-through samples" "$(rows samples.csv)" samples.csv
	row "users with recommendations" "$(lines recommendations.jsonl)" recommendations.jsonl
	have forecast.csv && row "series forecast" "$(sed 1d "$D/forecast.csv" | cut -d, -f1 | sort -u | wc -l)" forecast.csv
	row "price elasticities" "$(rows fit.csv)" fit.csv
	row "topics" "$(lines topics.jsonl)" topics.jsonl
	row "association rules" "$(lines rules.jsonl)" rules.jsonl
	have guide.jsonl && row "baskets offered a coupon" "$(grep -c '"coupon":{' "$D/guide.jsonl")" guide.jsonl
	echo '</table>'
}

recommend_section() {
	echo '<h2 id="recommend">Recommendations</h2>'
	if have metrics-ranking.json; then
		echo '<p>Held-out quality: each user'"'"'s last events hidden, recommended from the rest (metrics-ranking.json).</p>'
		kv_table "$D/metrics-ranking.json" >"$tmp/rank.html"
		# measure@K pairs as one table, measures down and K across
		sed -n 's|<tr><td>\([A-Za-z_]*\)@\([0-9]*\)</td><td class="n">\([^<]*\)</td></tr>|\1,\2,\3|p' "$tmp/rank.html" >"$tmp/rank.csv"
		if [ -s "$tmp/rank.csv" ]; then
			awk -F, '{ if (!($1 in r)) { rn[++nr] = $1; r[$1] } if (!($2 in c)) { cn[++nc] = $2; c[$2] } v[$1, $2] = $3 }
			END { printf "measure"; for (j = 1; j <= nc; j++) printf ",@%s", cn[j]; print ""
			      for (i = 1; i <= nr; i++) { printf "%s", rn[i]; for (j = 1; j <= nc; j++) printf ",%s", ((rn[i], cn[j]) in v) ? v[rn[i], cn[j]] : "?"; print "" } }' \
			    "$tmp/rank.csv" >"$tmp/rank.dat"
			csv_table "$tmp/rank.dat" 100
			# the rates (every value within [0, 1]) as grouped bars
			awk -F, 'NR == 1 { print; next } { for (i = 2; i <= NF; i++) if ($i != "?" && ($i < 0 || $i > 1)) next; print }' \
			    "$tmp/rank.dat" >"$tmp/rank-rates.dat"
			ncol=$(head -n 1 "$tmp/rank.dat" | awk -F, '{ print NF }')
			[ "$(wc -l <"$tmp/rank-rates.dat")" -gt 1 ] && plot rank "Ranking measures at each K (held out)" <<EOF
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set yrange [0:1.25]
set ytics 0, 0.2, 1
set key top left horizontal
set xtics font ',9'
plot for [i=2:$ncol] '$tmp/rank-rates.dat' using i:xtic(1) title columnheader(i)
EOF
		else
			cat "$tmp/rank.html"
		fi
	else
		missing "ranking metrics (the recommend stage)"
	fi
	if have ctr-metrics.json; then
		echo '<h3>Click-through ranker</h3><p>On the last days'"'"' samples, held out from training (ctr-metrics.json).</p>'
		kv_table "$D/ctr-metrics.json"
	fi
	if have recommendations.jsonl; then
		echo '<h3>A few users'"'"' lists</h3><table><tr><th>user</th><th>top items (reason)</th></tr>'
		head -n "$top" "$D/recommendations.jsonl" | awk '
		{ u = ""; if (match($0, /"user":"[^"]*"/)) u = substr($0, RSTART + 8, RLENGTH - 9)
		  s = $0; out = ""; n = 0
		  while (n < 5 && match(s, /"item":"[^"]*"/)) {
			it = substr(s, RSTART + 8, RLENGTH - 9); s = substr(s, RSTART + RLENGTH)
			r = ""; if (match(s, /^[^}]*"reason":"[^"]*"/)) { r = substr(s, 1, RLENGTH); sub(/.*"reason":"/, "", r); sub(/"$/, "", r) }
			out = out (n ? ", " : "") it (r != "" ? " (" r ")" : ""); n++ }
		  gsub(/&/, "\\&amp;", out); gsub(/</, "\\&lt;", out)
		  printf "<tr><td>%s</td><td>%s</td></tr>\n", u, out }'
		echo '</table>'
	fi
}

forecast_section() {
	echo '<h2 id="forecast">Demand forecast</h2>'
	if ! have forecast.csv; then
		missing "forecasts (the forecast stage)"
		return
	fi
	hist=sales.csv
	have series.csv && hist=series.csv
	# the top items: most sold over the last 28 days of history
	decompress "$D/$hist" | awk -F, 'NR > 1 && $1 ~ /^[^\/]*$/ { print }' |
	    sort -t, -k1,1 -k2,2 >"$tmp/hist.csv"
	awk -F, '{ t[$1] = $2 } END { for (s in t) print t[s] }' "$tmp/hist.csv" | sort | tail -n 1 >"$tmp/last"
	last=$(cat "$tmp/last")
	from=$(date -u -d "${last%%T*} - 27 days" +%F 2>/dev/null || echo "$last")
	sed 1d "$D/forecast.csv" | cut -d, -f1 | sort -u >"$tmp/fc-series"
	awk -F, -v a="$from" 'NR == FNR { ok[$1]; next } ($1 in ok) && substr($2, 1, 10) >= a { s[$1] += $3 }
	    END { for (k in s) printf "%s,%.6g\n", k, s[k] }' "$tmp/fc-series" "$tmp/hist.csv" |
	    sort -t, -k2,2gr -k1,1 | head -n "$top" | cut -d, -f1 >"$tmp/top-items"
	echo "<p>Fan charts of the $top items sold most in the last 28 days: the last eight weeks of daily sales, the point forecast and its 80% and 95% intervals (forecast.csv).</p>"
	echo '<div class="grid">'
	hfrom=$(date -u -d "${last%%T*} - 55 days" +%F 2>/dev/null || echo "$last")
	while read -r item; do
		# ts,history,point,lo80,hi80,lo95,hi95
		{
			awk -F, -v s="$item" -v a="$hfrom" '$1 == s && substr($2, 1, 10) >= a { printf "%s,%s,?,?,?,?,?\n", substr($2, 1, 10), $3 }' "$tmp/hist.csv"
			awk -F, -v s="$item" "$CSV_AWK"'
			NR == 1 { n = csvsplit($0, h); for (i = 1; i <= n; i++) c[h[i]] = i; next }
			{ csvsplit($0, f) }
			f[c["series"]] == s { printf "%s,?,%s,%s,%s,%s,%s\n", substr(f[c["ts"]], 1, 10), f[c["point"]], f[c["lo80"]], f[c["hi80"]], f[c["lo95"]], f[c["hi95"]]
			  model = f[c["model"]] }
			END { if (model != "") print model > "/dev/stderr" }' "$D/forecast.csv" 2>"$tmp/model"
		} >"$tmp/fan.dat"
		safe=$(printf '%s' "$item" | tr -c 'A-Za-z0-9_-' '_')
		plot "fan-$safe" "$item: sales and forecast ($(cat "$tmp/model"))" <<EOF
set xdata time
set timefmt '%Y-%m-%d'
set format x '%m-%d'
set xtics rotate by -30 font ',9'
set yrange [0:*]
set style fill transparent solid 0.35 noborder
plot '$tmp/fan.dat' using 1:6:7 with filledcurves lc rgb '#9ecae1' title '95%', \
     '' using 1:4:5 with filledcurves lc rgb '#4292c6' title '80%', \
     '' using 1:2 with lines lc rgb '#333333' title 'sales', \
     '' using 1:3 with lines lw 2 lc rgb '#08306b' title 'forecast'
EOF
	done <"$tmp/top-items"
	echo '</div>'
	if have selection.csv; then
		echo "<h3>Selection list</h3><p>The first $top rows of selection.csv (items by forecast total over the horizon, with growth against the same past period and lifecycle stage).</p>"
		csv_table "$D/selection.csv" "$top"
	fi
	if have forecast-metrics.json; then
		echo '<h3>Accuracy on the last days held out</h3>'
		kv_table "$D/forecast-metrics.json"
	fi
}

price_section() {
	echo '<h2 id="price">Prices</h2>'
	if ! have prices.csv || ! have fit.csv; then
		missing "elasticities and recommended prices (the price stage)"
		return
	fi
	# item,elasticity,price_ref,qty_ref from the fit; current, recommended
	# and expected quantity from the optimisation
	awk -F, "$CSV_AWK"'
	FNR == 1 { n = csvsplit($0, h); delete c; for (i = 1; i <= n; i++) c[h[i]] = i; file++; next }
	{ csvsplit($0, f) }
	file == 1 { it = f[c["item"]]; e[it] = f[c["elasticity"]]
	            if ("price_ref" in c) p0[it] = f[c["price_ref"]]; if ("qty_ref" in c) q0[it] = f[c["qty_ref"]] }
	file == 2 { it = f[c["item"]]; pc[it] = f[c["price"]]; pr[it] = f[c["recommended"]]
	            if ("expected_qty" in c) eq[it] = f[c["expected_qty"]]
	            if ("cost" in c) cost[it] = f[c["cost"]] }
	END { for (it in pr) {
		if (e[it] == "" || e[it] == "nan" || pc[it] == "" || pr[it] == "") continue
		if (p0[it] == "" || q0[it] == "") { if (eq[it] == "") continue; p0[it] = pr[it]; q0[it] = eq[it] }
		printf "%s,%s,%s,%s,%s,%s,%.6g\n", it, e[it], p0[it], q0[it], pc[it], pr[it], (pr[it] - pc[it]) / pc[it] }
	}' "$D/fit.csv" "$D/prices.csv" | sort -t, -k7,7gr -k1,1 >"$tmp/curves.csv"
	n=$(wc -l <"$tmp/curves.csv")
	echo "<p>Constant-elasticity demand q(p) = q0 (p/p0)^e fitted per item (fit.csv), with today's price and the recommended one (prices.csv), for the $top items whose price moves most; $n items have a curve.</p>"
	echo '<div class="grid">'
	{ head -n $(((top + 1) / 2)) "$tmp/curves.csv"; tail -n $((top / 2)) "$tmp/curves.csv"; } | sort -u -t, -k1,1 |
	    head -n "$top" >"$tmp/curves-top.csv"
	while IFS=, read -r item e p0 q0 pc pr ch; do
		safe=$(printf '%s' "$item" | tr -c 'A-Za-z0-9_-' '_')
		printf '%s,%s\n' "$pc" "$(awk -v e="$e" -v p0="$p0" -v q0="$q0" -v p="$pc" 'BEGIN { printf "%.6g", q0 * (p / p0) ^ e }')" >"$tmp/now.dat"
		printf '%s,%s\n' "$pr" "$(awk -v e="$e" -v p0="$p0" -v q0="$q0" -v p="$pr" 'BEGIN { printf "%.6g", q0 * (p / p0) ^ e }')" >"$tmp/rec.dat"
		plot "demand-$safe" "$item: demand curve, elasticity $e" <<EOF
set xlabel 'price' font ',9'
set ylabel 'expected quantity' font ',9'
set samples 200
lo = $pc < $pr ? $pc : $pr
hi = $pc > $pr ? $pc : $pr
set xrange [lo * 0.7 : hi * 1.3]
set yrange [0:*]
set key top right
plot $q0 * (x / $p0) ** ($e) with lines lw 2 lc rgb '#08306b' title 'demand', \
     '$tmp/now.dat' using 1:2 with points pt 7 ps 1.2 lc rgb '#666666' title sprintf('now %.2f', $pc), \
     '$tmp/rec.dat' using 1:2 with points pt 5 ps 1.2 lc rgb '#d94801' title sprintf('recommended %.2f', $pr)
EOF
	done <"$tmp/curves-top.csv"
	echo '</div>'
	echo "<h3>Recommended prices</h3><p>The first $top rows of prices.csv (the main columns).</p>"
	csv_table "$D/prices.csv" "$top" item,price,recommended,change,expected_qty,expected_revenue,expected_profit,binding,reason
}

topics_section() {
	echo '<h2 id="topics">Topics of reviews and queries</h2>'
	if ! have topics.jsonl; then
		missing "topics (the topics stage)"
		return
	fi
	echo '<table><tr><th>topic</th><th>top words</th></tr>'
	awk '
	{ t = NR - 1
	  if (match($0, /"(topic|id)"[ \t]*:[ \t]*[0-9]+/)) { t = substr($0, RSTART, RLENGTH); sub(/.*:[ \t]*/, "", t) }
	  s = $0; w = ""; n = 0
	  if ($0 ~ /"word"[ \t]*:/) {
		while (n < 10 && match(s, /"word"[ \t]*:[ \t]*"[^"]*"/)) {
			x = substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH)
			sub(/^"word"[ \t]*:[ \t]*"/, "", x); sub(/"$/, "", x); w = w (n++ ? " " : "") x }
	  } else if (match(s, /"words"[ \t]*:[ \t]*\[[^]]*\]/)) {
		s = substr(s, RSTART, RLENGTH); sub(/^[^[]*\[/, "", s)
		while (n < 10 && match(s, /"[^"]*"/)) { w = w (n++ ? " " : "") substr(s, RSTART + 1, RLENGTH - 2); s = substr(s, RSTART + RLENGTH) }
	  }
	  gsub(/&/, "\\&amp;", w); gsub(/</, "\\&lt;", w)
	  printf "<tr><td class=\"n\">%s</td><td>%s</td></tr>\n", t, w }' "$D/topics.jsonl"
	echo '</table>'
	if have topic-trends.csv; then
		# one block per topic: x (bucket index or date), share; the forecast
		# continues each line
		sed 1d "$D/topic-trends.csv" | sort -t, -k1,1n -k2,2 >"$tmp/tt.csv"
		: >"$tmp/tf.csv"
		have topic-forecast.csv && awk -F, "$CSV_AWK"'
			NR == 1 { n = csvsplit($0, h); for (i = 1; i <= n; i++) c[h[i]] = i; next }
			{ csvsplit($0, f); print f[c["series"]] "," f[c["ts"]] "," f[c["point"]] }' \
			    "$D/topic-forecast.csv" | sort -t, -k1,1n -k2,2 >"$tmp/tf.csv"
		cut -d, -f1 "$tmp/tt.csv" | uniq >"$tmp/topics"
		cut -d, -f2 "$tmp/tt.csv" "$tmp/tf.csv" | sort -u | awk '{ print $0 "," NR - 1 }' >"$tmp/xs"
		awk -F, 'NR == FNR { x[$1] = $2; next } { print $1 "," x[$2] "," $3 }' "$tmp/xs" "$tmp/tt.csv" >"$tmp/tt.dat"
		awk -F, 'NR == FNR { x[$1] = $2; next } { print $1 "," x[$2] "," $3 }' "$tmp/xs" "$tmp/tf.csv" >"$tmp/tf.dat"
		first=$(head -n 1 "$tmp/xs" | cut -d, -f1)
		lastx=$(tail -n 1 "$tmp/xs" | cut -d, -f1)
		k=$(wc -l <"$tmp/topics")
		plot topic-trends "Topic shares per period, $first to $lastx (dashed: forecast)" 760,340 <<EOF
set xlabel 'period since $first' font ',9'
set ylabel 'share of documents' font ',9'
set key outside right top
set yrange [0:*]
T = "$(tr '\n' ' ' <"$tmp/topics")"
# ten distinguishable colours (Tableau 10), then round again
C = "#4e79a7 #f28e2b #e15759 #76b7b2 #59a14f #edc948 #b07aa1 #ff9da7 #9c755f #bab0ac"
col(i) = word(C, (i - 1) % 10 + 1)
plot for [i=1:words(T)] '$tmp/tt.dat' using (strcol(1) eq word(T, i) ? \$2 : NaN):3 with lines lw 2 lc rgb col(i) title 'topic '.word(T, i), \
     for [i=1:words(T)] '$tmp/tf.dat' using (strcol(1) eq word(T, i) ? \$2 : NaN):3 with lines lw 2 dt 2 lc rgb col(i) notitle
EOF
		echo "<p>$k topics; shares from topic-trends.csv, forecasts from topic-forecast.csv.</p>"
	fi
}

rules_section() {
	echo '<h2 id="rules">Association rules</h2>'
	if ! [ -f "$D/rules.jsonl" ]; then
		missing "rules (the rules stage)"
		return
	fi
	awk '
	function arr(k,    s, out, n) { if (!match($0, "\"" k "\":\\[[^]]*\\]")) return ""
	  s = substr($0, RSTART, RLENGTH); sub(/^[^[]*\[/, "", s); out = ""; n = 0
	  while (match(s, /"[^"]*"/)) { out = out (n++ ? ", " : "") substr(s, RSTART + 1, RLENGTH - 2); s = substr(s, RSTART + RLENGTH) }
	  return out }
	function num(k,    s) { if (!match($0, "\"" k "\":-?[0-9.eE+-]+")) return ""; s = substr($0, RSTART, RLENGTH); sub(/.*:/, "", s); return s }
	{ printf "%s\t%s\t%s\t%s\t%s\t%s\n", num("lift"), arr("lhs"), arr("rhs"), num("support"), num("confidence"), num("count") }' \
	    "$D/rules.jsonl" | sort -t '	' -k1,1gr -k2,2 -k3,3 | head -n "$((top * 2))" >"$tmp/rules.tsv"
	n=$(grep -c . "$D/rules.jsonl")
	echo "<p>The strongest of $n rules by lift (rules.jsonl).</p>"
	echo '<table><tr><th>if bought</th><th>then</th><th>support</th><th>confidence</th><th>lift</th><th>baskets</th></tr>'
	awk -F'\t' '{ for (i = 2; i <= 3; i++) { gsub(/&/, "\\&amp;", $i); gsub(/</, "\\&lt;", $i) }
	  printf "<tr><td>%s</td><td>%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td></tr>\n", $2, $3, $4, $5, $1, $6 }' "$tmp/rules.tsv"
	echo '</table>'
	if [ -s "$tmp/rules.tsv" ]; then
		head -n "$top" "$tmp/rules.tsv" | awk -F'\t' '{ l = $2 " => " $3; if (length(l) > 40) l = substr(l, 1, 37) "..."
		    gsub(/"/, "", l); printf "%s\t\"%s\"\n", $1, l }' | tac >"$tmp/rules.dat"
		plot rules "Lift of the strongest rules" 460,$((80 + 28 * $(wc -l <"$tmp/rules.dat"))) <<EOF
set datafile separator '\t'
set style fill solid 0.8 border -1
set xrange [0:*]
set yrange [-0.6:*]
set xlabel 'lift' font ',9'
set ytics font ',9'
set grid xtics lc rgb '#dddddd'
unset key
plot '$tmp/rules.dat' using (\$1 / 2):0:(\$1 / 2):(0.35):yticlabels(2) with boxxyerror lc rgb '#2171b5'
EOF
	fi
	if have guide.jsonl; then
		echo "<p>$(grep -c '"coupon":{' "$D/guide.jsonl") of $(grep -c . "$D/guide.jsonl") recent baskets were offered a coupon with add-on items (guide.jsonl).</p>"
	fi
}

faq_section() {
	echo '<h2 id="faq">Customer questions</h2>'
	if have faq-metrics.json; then
		echo '<p>The knowledge base answering the labelled questions, with the escalation threshold calibrated on them (faq-metrics.json).</p>'
		kv_table "$D/faq-metrics.json"
	elif have faq.ecm; then
		echo '<p>Knowledge base indexed (faq.ecm); no labelled questions to measure it.</p>'
	else
		missing "the FAQ index (the faq stage)"
	fi
}

# ---- the page ----

page() {
	title="ec nightly report${rdate:+ $rdate}"
	cat <<EOF
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<style>
body { font: 14px/1.4 Helvetica, Arial, sans-serif; margin: 1.5em auto; max-width: 1200px; padding: 0 1em; color: #222; }
h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #ccc; margin-top: 1.8em; } h3 { margin-bottom: 0.3em; }
table { border-collapse: collapse; margin: 0.5em 0; } th, td { border: 1px solid #ddd; padding: 2px 8px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.grid { display: flex; flex-wrap: wrap; gap: 8px; } figure { margin: 0; } figcaption { font-size: 0.85em; color: #555; }
img { max-width: 100%; height: auto; border: 1px solid #eee; } .skip { color: #a33; } nav a { margin-right: 1em; }
</style>
</head>
<body>
<h1>$title</h1>
<nav><a href="#figures">figures</a><a href="#recommend">recommendations</a><a href="#forecast">forecast</a><a href="#price">prices</a><a href="#topics">topics</a><a href="#rules">rules</a><a href="#faq">questions</a></nav>
EOF
	[ "$plots" = 1 ] || echo '<p class="skip">gnuplot is not installed: tables only (apt-get install gnuplot-nox).</p>'
	key_figures
	recommend_section
	forecast_section
	price_section
	topics_section
	rules_section
	faq_section
	echo '<p><small>Written by ec-report from the files in the output directory; plots by gnuplot.</small></p>'
	echo '</body>'
	echo '</html>'
}

if [ -n "$output" ]; then
	dir=$(dirname "$output")
	part=$(mktemp "$dir/.ec-report.XXXXXX") || die "cannot write in '$dir'"
	if page >"$part"; then
		chmod 644 "$part"
		mv -f "$part" "$output" || die "cannot rename into '$output'"
		part=
	else
		exit 1
	fi
else
	page
fi
