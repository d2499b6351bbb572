#!/bin/sh
# tests/bench/forecast.sh: ec-forecast against R's forecast package
# (Debian r-cran-forecast: ets(), thetaf(), auto.arima()) on M4 Hourly, and
# ec-forecast's speed on 100,000 synthetic daily SKU series. A benchmark,
# not a test: it prints figures and fails only when something cannot run.
#
# M4 Hourly (414 series, h = 48, m = 24; $EC_SHARED/data/m4-hourly): each
# side forecasts the training series; ec-eval forecast scores every
# output with the M4 measures (sMAPE, MASE, OWA against Naive2), so both are
# measured identically. R's methods run in one Rscript per method
# (tests/bench/forecast_r.R), which reports the seconds spent in the
# method calls; auto.arima is slow (about a minute per hourly series), so it
# runs on the first EC_BENCH_ARIMA_SERIES series (default 20) and our arima
# on the same ones. EC_BENCH_FC_SERIES=N limits the whole M4 part to the
# first N series (default all 414).
#
# Speed: 100,000 daily series of 365 days (weekly pattern, level, noise,
# a fifth intermittent) generated with awk into build/bench/forecast/;
# series per second and peak memory (/usr/bin/time) of each method with
# --threads 1 and 2 (user + system time over wall time shows whether the
# second core worked). EC_BENCH_FC_SKUS=N changes the count.
#
# R is installed with apt-get when missing. Timings on a loaded machine are
# noisy. Output: stdout and build/bench/forecast.txt.
set -u
LC_ALL=C
export LC_ALL
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
bin=${EC_BIN:-$top/bin}
EC_SHARED=${EC_SHARED:-$top/../shared}
out=build/bench
work=$out/forecast
mkdir -p "$work"
report=$out/forecast.txt
: >"$report"
say() { echo "$*" | tee -a "$report"; }

if ! command -v Rscript >/dev/null 2>&1 || ! Rscript -e 'suppressMessages(library(forecast))' >/dev/null 2>&1; then
	sudo=
	[ "$(id -u)" = 0 ] || sudo=sudo
	$sudo apt-get -o DPkg::Lock::Timeout=900 install -y r-cran-forecast >/dev/null || {
		echo "bench: cannot install r-cran-forecast" >&2
		exit 1
	}
fi

m4=$EC_SHARED/data/m4-hourly
nser=${EC_BENCH_FC_SERIES:-414}
narima=${EC_BENCH_ARIMA_SERIES:-20}
if [ -f "$m4/Hourly-train.csv" ]; then
	head -n $((nser + 1)) "$m4/Hourly-train.csv" >"$work/train.csv"
	head -n $((nser + 1)) "$m4/Hourly-test.csv" >"$work/test.csv"
	head -n $((narima + 1)) "$m4/Hourly-train.csv" >"$work/train-a.csv"
	head -n $((narima + 1)) "$m4/Hourly-test.csv" >"$work/test-a.csv"
	score() { # train test file -> "sMAPE MASE OWA"
		"$bin/ec-eval" forecast --train "$1" --test "$2" --season 24 "$3" |
			awk -F, '$1 == "ALL" { printf "%.3f %.3f %.3f", $3, $4, $5 }'
	}
	ours() { # name train args... -> seconds
		n=$1
		tr=$2
		shift 2
		/usr/bin/time -f '%e' -o "$work/$n.time" "$bin/ec-forecast" -q -h 48 --season 24 "$@" \
			"$tr" >"$work/$n.csv" || exit 1
		cat "$work/$n.time"
	}
	say "M4 Hourly, first $nser series (h 48, m 24); seconds are wall time"
	say "| method | ec sMAPE MASE OWA | ec s | R sMAPE MASE OWA | R s | R / ec time |"
	say "|---|---|---|---|---|---|"
	for m in ets theta; do
		te=$(ours "ec-$m" "$work/train.csv" --model $m --threads 2)
		rs=$(Rscript tests/bench/forecast_r.R "$work/train.csv" 48 24 $m "$work/r-$m.csv") || exit 1
		say "| $m | $(score "$work/train.csv" "$work/test.csv" "$work/ec-$m.csv") | $te |" \
			"$(score "$work/train.csv" "$work/test.csv" "$work/r-$m.csv") | $rs |" \
			"$(echo "$rs $te" | awk '{ printf "%.1f", $1 / $2 }') |"
	done
	for m in naive2 snaive auto; do
		te=$(ours "ec-$m" "$work/train.csv" --model $m --threads 2)
		say "| $m | $(score "$work/train.csv" "$work/test.csv" "$work/ec-$m.csv") | $te | | | |"
	done
	if [ -x "$bin/ec-forecast" ] && "$bin/ec-forecast" --help | grep -q arima; then
		te=$(ours ec-arima "$work/train-a.csv" --model arima --threads 2)
		rs=$(Rscript tests/bench/forecast_r.R "$work/train-a.csv" 48 24 arima "$work/r-arima.csv") || exit 1
		say "| arima (first $narima) | $(score "$work/train-a.csv" "$work/test-a.csv" "$work/ec-arima.csv") | $te |" \
			"$(score "$work/train-a.csv" "$work/test-a.csv" "$work/r-arima.csv") | $rs |" \
			"$(echo "$rs $te" | awk '{ printf "%.1f", $1 / $2 }') |"
	fi
else
	say "M4 Hourly: $m4 not found, skipped"
fi

skus=${EC_BENCH_FC_SKUS:-100000}
syn=$work/daily-$skus.csv
if [ ! -f "$syn" ]; then
	awk -v N="$skus" 'BEGIN {
		srand(7); print "series,ts,value"
		d0 = 19723
		for (i = 1; i <= N; i++) {
			lvl = 2 + 40 * rand(); sparse = rand() < 0.2; tr = (rand() - 0.5) * 0.02
			for (d = 0; d < 365; d++) {
				w = (d % 7 == 5 || d % 7 == 6) ? 1.4 : 0.9
				mu = lvl * w * (1 + tr * d / 10)
				if (sparse) v = rand() < 0.15 ? int(1 + 4 * rand()) : 0
				else { v = int(mu + sqrt(mu) * (rand() + rand() + rand() - 1.5) * 2 + 0.5); if (v < 0) v = 0 }
				printf "s%d,%d,%d\n", i, (d0 + d) * 86400, v
			}
		}
	}' >"$syn"
fi
say ""
say "$skus synthetic daily series x 365 days, h 28 (wall s, series/s, peak MB, CPU use)"
say "| method | threads | wall s | series/s | peak MB | (user+sys)/wall |"
say "|---|---|---|---|---|---|"
for m in snaive naive2 ses theta croston tsb ets auto; do
	for th in 1 2; do
		/usr/bin/time -f '%e %U %S %M' -o "$work/syn.time" "$bin/ec-forecast" -q -h 28 --model $m \
			--threads $th "$syn" >"$work/syn-$m.csv" || exit 1
		read -r e u s k <"$work/syn.time"
		say "| $m | $th | $e | $(echo "$skus $e" | awk '{ printf "%.0f", $1 / ($2 > 0 ? $2 : 0.01) }') |" \
			"$(echo "$k" | awk '{ printf "%.0f", $1 / 1024 }') | $(echo "$u $s $e" | awk '{ printf "%.2f", ($1 + $2) / ($3 > 0 ? $3 : 0.01) }') |"
	done
done
