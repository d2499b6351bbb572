# make demo's run: the whole pipeline on sample-data/ with its nightly.conf.
# Every stage this build has must run (the list below says which) and give
# sane results; the report must render in headless Chromium with every plot
# drawn and no console error. Its screenshot is kept as
# $EC_BUILD/nightly-report.png.
top=../../..
out=$EC_TMP/out
ec-nightly -q -c $top/sample-data/nightly.conf $top/sample-data "$out" >"$EC_TMP/summary" 2>"$EC_TMP/stderr"
echo "exit $?"
cat "$EC_TMP/stderr"
sed -n 's/^skipped *\([a-z]*\):.*/\1/p' "$EC_TMP/summary" >"$EC_TMP/skipped"
for s in ingest features ctr recommend forecast price topics rules faq report; do
	if grep -qx "$s" "$EC_TMP/skipped"; then echo "$s: skipped"; else echo "$s: ran"; fi
done
csvrows() { echo $(($(grep -c . "$out/$1") - 1)); }
lines() { grep -c . "$out/$1"; }
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1 ($2)"; fi; }
col() { awk -F, -v n="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) c = i; next } { print $c }' "$out/$1"; }
jnum() { grep -o "\"$1\": *-*[0-9.e+-]*" "$out/$2" | head -n 1 | sed "s/.*: *//"; }

ev=$(ec-ingest -q --keep-duplicates --of tsv "$out/events.jsonl.zst" | sed 1d | wc -l)
check "events: $ev" '[ "$ev" -ge 30000 ]'
check "the two planted bad records kept aside" '[ "$(lines rejects-clicks.jsonl)" -eq 2 ]'
check "users $(csvrows users.csv), items $(csvrows items.csv), baskets $(csvrows baskets.csv)" \
    '[ "$(csvrows users.csv)" -ge 800 ] && [ "$(csvrows items.csv)" -eq 150 ] && [ "$(csvrows baskets.csv)" -ge 800 ]'
check "documents $(lines docs.jsonl)" '[ "$(lines docs.jsonl)" -ge 1500 ]'
if [ -f "$out/recommendations.jsonl" ]; then
	check "recommendations for $(lines recommendations.jsonl) users, none empty" \
	    '[ "$(lines recommendations.jsonl)" -ge 100 ] && ! grep -q "\"items\":\[\]" "$out/recommendations.jsonl"'
	r=$(grep -o '"recall[@_]*10"[^,}]*' "$out/metrics-ranking.json" | head -n 1 | sed 's/.*://')
	check "held-out Recall@10 above zero: $r" 'awk -v r="$r" "BEGIN { exit !(r > 0) }"'
fi
if [ -f "$out/ctr-metrics.json" ]; then
	auc=$(jnum auc ctr-metrics.json)
	check "CTR AUC better than chance: $auc" 'awk -v a="$auc" "BEGIN { exit !(a > 0.52) }"'
fi
if [ -f "$out/forecast.csv" ]; then
	check "a forecast for every item sold, 14 days each" \
	    '[ "$(col sales.csv series | sort -u | wc -l)" -eq "$(col forecast.csv series | grep -v / | sort | uniq -c | awk "\$1 == 14" | wc -l)" ]'
	check "intervals nested around the point forecast" \
	    'awk -F, "NR > 1 && !(\$7 <= \$5 + 1e-9 && \$5 <= \$4 + 1e-9 && \$4 <= \$6 + 1e-9 && \$6 <= \$8 + 1e-9) { bad++ } END { exit bad > 0 }" "$out/forecast.csv"'
fi
if [ -f "$out/prices.csv" ]; then
	check "elasticities for $(csvrows fit.csv) items, 90% of them in [-6, 0]" \
	    '[ "$(col fit.csv elasticity | awk "\$1 != \"\" && \$1 >= -6 && \$1 <= 0" | wc -l)" -ge "$(($(csvrows fit.csv) * 9 / 10))" ]'
	check "no price moves more than 10%" \
	    'awk -F, "NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; next } { ch = (\$c[\"recommended\"] - \$c[\"price\"]) / \$c[\"price\"]; if (ch > 0.1001 || ch < -0.1001) bad++ } END { exit bad > 0 }" "$out/prices.csv"'
fi
if [ -f "$out/topics.jsonl" ]; then
	check "10 topics, weekly shares summing to 1" \
	    '[ "$(lines topics.jsonl)" -eq 10 ] && awk -F, "NR > 1 { s[\$2] += \$3 } END { for (t in s) if (s[t] < 0.99 || s[t] > 1.01) bad++; exit bad > 0 }" "$out/topic-trends.csv"'
fi
check "$(lines rules.jsonl) rules, all with lift > 1" \
    '[ "$(lines rules.jsonl)" -ge 1 ] && ! grep -q "\"lift\":0\." "$out/rules.jsonl"'
acc=$(jnum accuracy_at_1 faq-metrics.json)
check "FAQ accuracy@1 $acc" 'awk -v a="$acc" "BEGIN { exit !(a >= 0.8) }"'

# the report: every plot drawn, nothing broken, nothing fetched
mkdir -p "${EC_BUILD:-$top/build}"
sh ../ec-report/data/check-page "$out/report.html" "${EC_BUILD:-$top/build}/nightly-report.png" >"$EC_TMP/check" ||
    echo "FAIL check-page"
cat "$EC_TMP/check"
n=$(grep -c '<img ' "$out/report.html")
check "plots in the report: $n" '[ "$n" -ge 1 ]'
