# The planted structures of the example shop (man page EXAMPLES) are visible
# in its files, checked with awk alone. One line per check; the figures go
# to stderr, and any FAIL makes the case exit 1 (so run.sh shows them).
#
#   users        the most frequent category of a user with >= 20 events is
#                the planted top category (truth "users") for >= 90%
#   elasticity   log-log OLS of qty on price (qty over the planted weekday
#                factor and promotion lift) recovers the planted elasticity
#                within 0.3 for the 5 most informative items
#   weekly       sales of smooth items peak on Saturday; the period-7 Fourier
#                amplitude of each item with base >= 5 is within 0.1 of
#                its planted amplitude for >= 85% of them
#   intermittent each intermittent item is zero on most days, its share of
#                nonzero days equals truth's observed_p, near the planted p
#   associations recounted from the events they equal truth's observed
#                counts; lift >= 1.5 (later pairs) and >= 3 (basket pairs)
#   promotions   P(purchase | cart) on promotion days over other days, for
#                the items of prices.csv, is near the planted lift 1.5
#   topics       the rising review topic's share of topic words grows from
#                the first to the last third of the period, the fading one
#                shrinks, the rising query topic grows; Chinese texts have
#                no spaces, English ones have
#   events       in time order; more sessions start at 21h than at 4h;
#                about 10% of sessions are anonymous
#   faq          about 15% of questions are out of scope; every answer_id
#                names a FAQ entry
set -u
d=$EC_TMP/shop
ec-synth -q --seed 1 --users 2000 --items 500 --days 120 -o "$d/" || exit 1
zstd -dcq "$d/events.jsonl.zst" >"$d/events.jsonl" || exit 1

# truth.json holds one entry per line in its long sections: pull the planted
# values into small space-separated tables
awk -v d="$d" '
function num(s, key,   i) {
	i = index(s, "\"" key "\": ")
	return i ? substr(s, i + length(key) + 4) + 0 : "-"
}
function words(s, key,   i, t) {
	i = index(s, "\"" key "\": [")
	t = substr(s, i + length(key) + 5)
	t = substr(t, 1, index(t, "]") - 1)
	gsub(/[", ]+/, " ", t)
	return t
}
/^"reviews": \{/ { sec = "r" }
/^"queries": \{/ { sec = "q" }
/^"u[0-9]+": \{"top"/ { split($0, a, "\""); print a[2], a[6] > (d "/t.users") }
/^"i[0-9]+": \{"elasticity"/ {
	split($0, a, "\"")
	print a[2], num($0, "elasticity"), num($0, "base"), index($0, "\"fixed_price\": true") ? 1 : 0 > (d "/t.elast")
}
/^"i[0-9]+": \{"kind"/ {
	split($0, a, "\"")
	print a[2], a[6], num($0, "base"), num($0, "weekly_amplitude"), num($0, "p"), num($0, "observed_p") > (d "/t.sales")
}
/"promo_lift": .*"dow_factors"/ {
	print num($0, "promo_lift"), num($0, "Mon"), num($0, "Tue"), num($0, "Wed"), num($0, "Thu"), num($0, "Fri"), num($0, "Sat"), num($0, "Sun") > (d "/t.pricing")
}
/^  \{"kind": "(later|basket)"/ {
	split($0, a, "\"")
	if (a[4] == "later")
		print a[4], a[8], a[12], num($0, "antecedent_users"), num($0, "consequent_after_users"), num($0, "consequent_users"), num($0, "buyers") > (d "/t.assoc")
	else
		print a[4], a[8], a[12], num($0, "antecedent_orders"), num($0, "both_orders"), num($0, "consequent_orders"), num($0, "orders") > (d "/t.assoc")
}
/^    \{"id": [0-9]+, "name"/ { split($0, a, "\""); print sec, num($0, "id"), a[10], words($0, "en") > (d "/t.topics") }
' "$d/truth.json"

# days since 1970-01-01 of Y-M-D (Hinnant), and the weekday (0 = Monday)
cal='
function days(s,   y, m, dd, era, yoe, doy) {
	y = substr(s, 1, 4) + 0; m = substr(s, 6, 2) + 0; dd = substr(s, 9, 2) + 0
	y -= m <= 2
	era = int(y / 400); yoe = y - era * 400
	doy = int((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + dd - 1
	return era * 146097 + yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy - 719468
}
function dow(s) { return (days(s) + 3) % 7 }
function field(s, key,   t) {
	if (!match(s, "\"" key "\":\"[^\"]*\"")) return ""
	return substr(s, RSTART + length(key) + 4, RLENGTH - length(key) - 5)
}
function verdict(ok, what) { print (ok ? "ok   " : "FAIL ") what }
'

{
awk "$cal"'
FNR == NR { top[$1] = $2; next }
{
	c = field($0, "category")
	if (c == "") next
	u = field($0, "user")
	if (!(u in top)) next
	n[u]++
	k = ++cnt[u, c]
	if (k > best[u]) { best[u] = k; mode[u] = c }
}
END {
	for (u in n) if (n[u] >= 20) { tot++; hit += mode[u] == top[u] }
	printf "users: %d of %d users with >= 20 events (%.3f)\n", hit, tot, hit / tot > "/dev/stderr"
	verdict(tot >= 1000 && hit >= 0.9 * tot, "users: most frequent category is the planted top category for >= 90% of users with >= 20 events")
}' "$d/t.users" "$d/events.jsonl"

awk -F'[ ,]' "$cal"'
FILENAME ~ /t.pricing/ { lift = $1; for (i = 0; i < 7; i++) f[i] = $(i + 2); next }
FILENAME ~ /t.elast/ { if (!$4) { el[$1] = $2; base[$1] = $3 } next }
FNR == 1 || !($1 in el) { next }
{
	x = log($3)
	sx0[$1] += x; sxx0[$1] += x * x; n0[$1]++
	if ($6 == 0) next
	y = log($6 / (f[dow($2)] * ($5 == 1 ? lift : 1)))
	sx[$1] += x; sy[$1] += y; sxx[$1] += x * x; sxy[$1] += x * y; n[$1]++
}
END {
	for (it in el) { v = sxx0[it] / n0[it] - (sx0[it] / n0[it]) ^ 2; info[it] = base[it] * v }
	ok = 1
	for (k = 0; k < 5; k++) {
		b = ""
		for (it in info) if (!(it in used) && (b == "" || info[it] > info[b])) b = it
		used[b] = 1
		m = n[b]
		slope = (sxy[b] - sx[b] * sy[b] / m) / (sxx[b] - sx[b] * sx[b] / m)
		printf "elasticity: %s planted %.3f, estimated %.3f\n", b, el[b], slope > "/dev/stderr"
		if (slope - el[b] > 0.3 || el[b] - slope > 0.3) ok = 0
	}
	verdict(ok, "elasticity: log-log regression within 0.3 of the planted elasticity for the 5 most informative items")
}' "$d/t.pricing" "$d/t.elast" "$d/prices.csv"

awk -F'[ ,]' "$cal"'
FILENAME ~ /t.sales/ { kind[$1] = $2; base[$1] = $3; amp[$1] = $4; p[$1] = $5; op[$1] = $6; next }
FNR == 1 || !($1 in kind) { next }
kind[$1] == "smooth" {
	w = dow($2); a = 2 * 3.141592653589793 * (w - 5) / 7
	pool[w] += $3; sum[$1] += $3; c[$1] += $3 * cos(a); s[$1] += $3 * sin(a)
	next
}
{ days_[$1]++; nz[$1] += $3 > 0 }
END {
	peak = 0
	for (w = 1; w < 7; w++) if (pool[w] > pool[peak]) peak = w
	verdict(peak == 5, "weekly: smooth items sell most on Saturday, the planted peak")
	for (it in kind) if (kind[it] == "smooth" && base[it] >= 5 && sum[it] > 0) {
		A = 2 * sqrt(c[it] ^ 2 + s[it] ^ 2) / sum[it]
		tot++; hit += (A - amp[it]) ^ 2 <= 0.01
	}
	printf "weekly: amplitude within 0.1 for %d of %d items\n", hit, tot > "/dev/stderr"
	verdict(tot >= 100 && hit >= 0.85 * tot, "weekly: period-7 amplitude within 0.1 of the planted one for >= 85% of smooth items with base >= 5")
	ok = 1
	for (it in kind) if (kind[it] == "intermittent") {
		ni++
		f = nz[it] / days_[it]
		if (f > 0.4 || (f - op[it]) ^ 2 > 1e-8) ok = 0
		dev += (f > p[it] ? f - p[it] : p[it] - f)
	}
	printf "intermittent: %d items, mean |share of nonzero days - p| %.4f\n", ni, dev / ni > "/dev/stderr"
	verdict(ok && ni >= 100 && dev / ni < 0.05, "intermittent: mostly zeros, nonzero share = observed_p, mean distance to the planted p < 0.05")
}' "$d/t.sales" "$d/sales.csv"

awk -F, "$cal"'
FILENAME ~ /t.assoc/ { split($0, a, " "); np++; kind[np] = a[1]; A[np] = a[2]; B[np] = a[3]; t1[np] = a[4]; t2[np] = a[5]; t3[np] = a[6]; t4[np] = a[7]; next }
FILENAME ~ /prices/ { if (FNR > 1) promo[$1, $2] = $5; next }
{
	ev = field($0, "event")
	if (ev == "cart") {
		it = field($0, "item"); dd = substr(field($0, "ts"), 1, 10)
		if ((it, dd) in promo) cart[field($0, "session"), it] = promo[it, dd]
		next
	}
	if (ev != "purchase") next
	u = field($0, "user"); c = field($0, "category"); ts = field($0, "ts"); o = field($0, "order")
	k = field($0, "session") SUBSEP field($0, "item")
	if (k in cart) bought[k] = 1
	orders[o] = 1; has[o, c] = 1
	if (u !~ /^u/) next
	buyer[u] = 1; got[u, c] = 1
	for (p = 1; p <= np; p++) if (kind[p] == "later") {
		if (c == B[p] && (u, p) in first && ts > first[u, p]) after[u, p] = 1
		if (c == A[p] && !((u, p) in first)) first[u, p] = ts
	}
}
END {
	ok = 1
	for (u in buyer) nb++
	for (o in orders) no++
	for (p = 1; p <= np; p++) {
		x = y = z = 0
		if (kind[p] == "later") {
			for (u in buyer) { x += (u, p) in first; y += (u, p) in after; z += (u, B[p]) in got }
			lift = (y / x) / (z / nb); want = 1.5; tot = nb
		} else {
			for (o in orders) { x += (o, A[p]) in has; y += ((o, A[p]) in has) && ((o, B[p]) in has); z += (o, B[p]) in has }
			lift = (y / x) / (z / no); want = 3; tot = no
		}
		printf "associations: %s %s -> %s: %d %d %d %d, lift %.2f\n", kind[p], A[p], B[p], x, y, z, tot, lift > "/dev/stderr"
		if (x != t1[p] || y != t2[p] || z != t3[p] || tot != t4[p] || lift < want) ok = 0
	}
	verdict(ok, "associations: counts recomputed from events equal truth; lift >= 1.5 (later), >= 3 (basket)")
	for (k in cart) { n[cart[k]]++; b[cart[k]] += k in bought }
	lift = (b[1] / n[1]) / (b[0] / n[0])
	printf "promotions: %d/%d carts bought on promotion, %d/%d otherwise: lift %.3f\n", b[1], n[1], b[0], n[0], lift > "/dev/stderr"
	verdict(n[1] >= 300 && lift >= 1.2 && lift <= 1.8, "promotions: purchase/cart lift on promotion days within [1.2, 1.8] (planted 1.5)")
}' "$d/t.assoc" "$d/prices.csv" "$d/events.jsonl"

awk "$cal"'
FILENAME ~ /t.topics/ {
	n = split($0, a, " ")
	for (i = 4; i <= n; i++) topic[$1, a[i]] = $2
	if ($3 == "rising") rising[$1] = $2
	if ($3 == "fading") fading[$1] = $2
	next
}
FNR == 1 { sec = FILENAME ~ /reviews/ ? "r" : "q"; if (sec == "r") t0 = days(substr(field($0, "ts"), 1, 10)) }
{
	text = field($0, "text")
	if (field($0, "lang") == "zh") { zh++; zsp += index(text, " ") > 0; next }
	en++; esp += index(text, " ") > 0
	third = int((days(substr(field($0, "ts"), 1, 10)) - t0) / 40)
	if (third > 2) third = 2
	gsub(/[,.]/, " ", text)
	m = split(text, w, " ")
	for (i = 1; i <= m; i++) if ((sec, w[i]) in topic) {
		tok[sec, third]++; k = topic[sec, w[i]]
		if (k == rising[sec]) up[sec, third]++
		if (sec == "r" && k == fading[sec]) down[third]++
	}
}
END {
	r0 = up["r", 0] / tok["r", 0]; r2 = up["r", 2] / tok["r", 2]
	f0 = down[0] / tok["r", 0]; f2 = down[2] / tok["r", 2]
	q0 = up["q", 0] / tok["q", 0]; q2 = up["q", 2] / tok["q", 2]
	printf "topics: reviews rising %.3f -> %.3f, fading %.3f -> %.3f; queries rising %.3f -> %.3f\n", r0, r2, f0, f2, q0, q2 > "/dev/stderr"
	verdict(r2 >= 1.5 * r0 && f0 >= 2 * f2 && q2 >= 1.5 * q0, "topics: the rising topics grow, the fading one shrinks, first third to last third")
	verdict(zh > 1000 && en > 1000 && zsp == 0 && esp == en, "topics: Chinese texts have no spaces, English ones have")
}' "$d/t.topics" "$d/reviews.jsonl" "$d/queries.jsonl"

awk "$cal"'
{
	ts = field($0, "ts")
	if (ts < last) bad++
	last = ts
	s = field($0, "session")
	if (s != "" && !(s in seen)) { seen[s] = 1; ns++; anon += field($0, "user") == s }
	if (field($0, "event") == "view") h[substr(ts, 12, 2) + 0]++
}
END {
	verdict(!bad, "events: in time order")
	printf "events: %d views at 21h, %d at 4h; %d of %d sessions anonymous\n", h[21], h[4], anon, ns > "/dev/stderr"
	verdict(h[21] >= 5 * h[4], "events: more sessions start at 21h than at 4h (hour-of-day profile)")
	verdict(anon >= 0.08 * ns && anon <= 0.12 * ns, "events: about 10% of sessions are anonymous")
}' "$d/events.jsonl"

awk "$cal"'
FILENAME ~ /faq/ { faq[field($0, "id")] = 1; next }
{ n++; a = field($0, "answer_id"); if (a == "") oos++; else if (!(a in faq)) bad++ }
END {
	verdict(!bad && oos >= 0.13 * n && oos <= 0.17 * n, "faq: 15% of questions out of scope, every answer_id names a FAQ entry")
}' "$d/faq.jsonl" "$d/questions.jsonl"
} >"$d/report"
cat "$d/report"
! grep -q '^FAIL' "$d/report"
