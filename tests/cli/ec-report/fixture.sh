# The report of a directory holding every stage's output (small files in
# the data contracts): its sections, the plots it embeds and the tables'
# sizes. The same directory gives the same bytes twice.
ec-report --date 2024-03-31 --top 3 -o "$EC_TMP/r.html" data
echo "exit $?"
ec-report --date 2024-03-31 --top 3 data | cmp -s - "$EC_TMP/r.html" && echo "stdout and -o identical"
grep -o '<h[123][^>]*>[^<]*</h[123]>' "$EC_TMP/r.html" | sed 's/<[^>]*>//g'
echo "plots:"
grep -o '<img alt="[^"]*"' "$EC_TMP/r.html" | sed 's/<img alt="/  /; s/"$//'
echo "svg from gnuplot: $(grep -o 'src="data:image/svg+xml;base64,[^"]*"' "$EC_TMP/r.html" | wc -l)"
echo "table rows: $(grep -c '<tr>' "$EC_TMP/r.html")"
grep -c 'http' "$EC_TMP/r.html"
grep '&lt;b>&amp;' "$EC_TMP/r.html"
