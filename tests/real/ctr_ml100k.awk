# ctr_ml100k.awk: MovieLens 100K as click-through samples (issue 5).
#   awk -F'|' -f ctr_ml100k.awk u.user u.item SORTED-u.data
# u.data sorted by time (sort -t TAB -k4,4n -k1,1n -k2,2n); writes CSV
#   label,ts,user,item,gender,age,occupation,genres,hour,weekday,hist_items
# label = rating >= 4; age in the MovieLens-1M buckets; genres the item's
# genre indices (space-separated); hour and ISO weekday of the rating in
# UTC; hist_items the user's previous 10 rated items, newest first.
function agebucket(a) {
	return a < 18 ? 1 : a < 25 ? 18 : a < 35 ? 25 : a < 45 ? 35 : a < 50 ? 45 : a < 56 ? 50 : 56
}
FILENAME == ARGV[1] { gender[$1] = $3; age[$1] = agebucket($2 + 0); occ[$1] = $4; next }
FILENAME == ARGV[2] {
	g = ""
	for (i = 6; i <= 24; i++) if ($i == 1) g = g (g == "" ? "" : " ") (i - 6)
	genres[$1] = g
	next
}
FNR == 1 && !header { print "label,ts,user,item,gender,age,occupation,genres,hour,weekday,hist_items"; header = 1 }
{
	split($0, f, "\t"); u = f[1]; it = f[2]; r = f[3]; ts = f[4]
	days = int(ts / 86400)
	printf "%d,%d,%s,%s,%s,%d,%s,%s,%d,%d,%s\n", (r >= 4), ts, u, it, gender[u], age[u], occ[u],
	    genres[it], int(ts / 3600) % 24, (days + 3) % 7 + 1, hist[u]
	n = split(hist[u], h, " ")
	s = it
	for (i = 1; i <= n && i < 10; i++) s = s " " h[i]
	hist[u] = s
}
