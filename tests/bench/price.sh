#!/bin/sh
# price.sh: ec-price fit and optimize on 100,000 items x 365 days (part of
# `make bench`), and the regression of a sample of items re-run with
# statsmodels OLS (Debian python3-statsmodels; installed with apt-get when
# missing) to show the same coefficients.
#
# The data is written here with awk: item i has a planted elasticity
# -1 - 2u, a base demand lognormal around 20, a price that steps by a few
# percent on 10% of days and promotions (20% off, demand x1.3) on 3% of
# days, a weekday factor, and qty a rounded normal approximation of
# Poisson demand: 36.5 million rows, about 1.3 GB of CSV (kept in
# build/bench while this script and the size are unchanged).
# EC_BENCH_PRICE_ITEMS=N changes the number of items.
# Prints wall time and peak memory of fit and optimize, the share of
# items whose 95% interval covers the planted elasticity, and the largest
# differences against statsmodels; writes build/bench/price.txt.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
out=build/bench
mkdir -p "$out"
N=${EC_BENCH_PRICE_ITEMS:-100000}
py=/usr/bin/python3
res=$out/price.txt
: > "$res"
if ! "$py" -c 'import statsmodels' 2>/dev/null; then
	sudo apt-get -o DPkg::Lock::Timeout=900 install -y python3-statsmodels >/dev/null 2>&1 ||
		echo "price bench: python3-statsmodels missing; the peer check is skipped"
fi
data=$out/prices-$N.csv
if [ ! -s "$data" ]; then
	echo "price bench: writing $N items x 365 days to $data"
	awk -v N="$N" 'BEGIN {
		srand(1)
		print "item,ts,price,qty,promo,cost,category"
		split("0.92 0.88 0.9 0.95 1.05 1.2 1.1", dowf, " ")
		for (i = 1; i <= N; i++) {
			e[i] = -1 - 2 * rand()
			u1 = rand(); u2 = rand()
			base[i] = 20 * exp(0.5 * sqrt(-2 * log(u1 + 1e-12)) * cos(6.2831853 * u2))
			p[i] = 10 + int(rand() * 9000) / 100
			list[i] = p[i]
			cost[i] = int(p[i] * 55) / 100
		}
		d0 = 19723 # 2024-01-01, a Monday
		for (d = 0; d < 365; d++) {
			t = d0 + d
			# civil date from days (Hinnant)
			z = t + 719468; era = int(z / 146097); doe = z - era * 146097
			yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
			y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
			mp = int((5 * doy + 2) / 153); dd = doy - int((153 * mp + 2) / 5) + 1
			mm = mp < 10 ? mp + 3 : mp - 9; if (mm <= 2) y++
			ts = sprintf("%04d-%02d-%02d", y, mm, dd)
			f = dowf[d % 7 + 1]
			for (i = 1; i <= N; i++) {
				if (rand() < 0.1)
					p[i] = int(p[i] * (0.9 + 0.2 * rand()) * 100 + 0.5) / 100
				promo = rand() < 0.03
				pr = promo ? int(p[i] * 80 + 0.5) / 100 : p[i]
				mu = base[i] * exp(e[i] * log(pr / list[i])) * f * (promo ? 1.3 : 1)
				u1 = rand(); u2 = rand()
				q = int(mu + sqrt(mu) * sqrt(-2 * log(u1 + 1e-12)) * cos(6.2831853 * u2) + 0.5)
				if (q < 0) q = 0
				printf "i%d,%s,%.2f,%d,%d,%.2f,c%d\n", i, ts, pr, q, promo, cost[i], i % 20
			}
		}
		for (i = 1; i <= N; i++)
			printf "%d %.6f\n", i, e[i] > "/dev/stderr"
	}' > "$data" 2> "$out/prices-$N.truth" || exit 1
fi
rows=$(($(wc -l < "$data") - 1))
mb=$(du -m "$data" | cut -f1)
/usr/bin/time -f '%e %M %U' -o "$out/t.fit" bin/ec-price fit -q -o "$out/price-fit.csv" "$data" || exit 1
read -r tfit mfit ufit < "$out/t.fit"
awk -F, 'NR == 1 { print "item,price,cost,stock"; next } { print $1 "," $20 "," $23 ",1000" }' \
	"$out/price-fit.csv" > "$out/price-catalog.csv"
/usr/bin/time -f '%e %M %U' -o "$out/t.opt" bin/ec-price optimize -q --fit "$out/price-fit.csv" \
	--catalog "$out/price-catalog.csv" --max-change 0.1 --min-margin 0.2 --ending .99 \
	-o "$out/price-new.csv" || exit 1
read -r topt mopt uopt < "$out/t.opt"
cover=$(awk -F, 'NR == FNR { e["i" $1] = $2; next } FNR > 1 && $2 != "" {
	n++; if ($3 <= e[$1] && e[$1] <= $4) c++ } END { printf "%.3f", c / n }' \
	FS=' ' "$out/prices-$N.truth" FS=, "$out/price-fit.csv")
{
	echo "ec-price on $N items x 365 days ($rows rows, $mb MB of CSV); 2 shared cores, timings +-20%"
	echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
	printf '%-10s %9s %9s %9s\n' step "wall s" "user s" "peak MB"
	printf '%-10s %9.1f %9.1f %9.0f\n' fit "$tfit" "$ufit" "$(echo "$mfit" | awk '{ print $1 / 1024 }')"
	printf '%-10s %9.1f %9.1f %9.0f\n' optimize "$topt" "$uopt" "$(echo "$mopt" | awk '{ print $1 / 1024 }')"
	echo "95% intervals covering the planted elasticity: $cover"
} | tee -a "$res"
if "$py" -c 'import statsmodels' 2>/dev/null; then
	awk -F, 'NR == 1 || $1 ~ /^i[0-9]*37$/' "$data" | head -n 1000000 > "$out/price-sample.csv"
	/usr/bin/time -f '%e' -o "$out/t.sm" "$py" tests/bench/price_statsmodels.py \
		"$out/price-sample.csv" "$out/price-fit.csv" > "$out/sm.txt" || exit 1
	echo "statsmodels OLS on the items i*37: $(cat "$out/sm.txt") ($(cat "$out/t.sm") s)" |
		tee -a "$res"
fi
