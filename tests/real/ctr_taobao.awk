# ctr_taobao.awk: the Taobao UserBehavior sample as click-through samples
# (issue 5). Two passes over the time-ordered events:
#   awk -F, -f ctr_taobao.awk UserBehavior.csv UserBehavior.csv
# One sample per page view (pv): label 1 when the same user later carts or
# buys the same item in the file, else 0; user, item, category, hour (UTC);
# hist_items and hist_cats the user's previous 10 views, newest first
# (views at the same second as the sample are not history).
# Output: label,ts,user,item,category,hour,hist_items,hist_cats
NR == FNR {
	if ($4 == "cart" || $4 == "buy") {
		k = $1 SUBSEP $2
		if (!(k in conv) || $5 < conv[k]) conv[k] = $5
	}
	next
}
FNR == 1 { print "label,ts,user,item,category,hour,hist_items,hist_cats" }
$4 == "pv" {
	u = $1; k = u SUBSEP $2
	y = (k in conv) && conv[k] > $5
	if (lastts[u] != $5) { hi[u] = pend_i[u]; hc[u] = pend_c[u] }
	printf "%d,%s,%s,%s,%s,%d,%s,%s\n", y, $5, u, $2, $3, int($5 / 3600) % 24, hi[u], hc[u]
	# this view enters the history of the user's later views
	n = split(pend_i[u], a, " "); s = $2
	for (i = 1; i <= n && i < 10; i++) s = s " " a[i]
	pend_i[u] = s
	n = split(pend_c[u], a, " "); s = $3
	for (i = 1; i <= n && i < 10; i++) s = s " " a[i]
	pend_c[u] = s
	lastts[u] = $5
}
