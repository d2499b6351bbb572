#!/bin/sh
# tests/bench/arima.sh: our automatic ARIMA (lib/ec_arima) and MSTL
# forecast (lib/ec_mstl) against R's forecast package on M4 Hourly
# (../shared/data/m4-hourly, 414 series, h = 48), run by `make bench`. A
# benchmark, not a test: it prints accuracy (M4's sMAPE and MASE, OWA
# against the published Naive2) and time, and fails only when something
# could not run.
#
# Our side: tests/bench/arima_m4.c, compiled here against build/libec.a,
# runs ec_arima_auto (season 24) and ec_mstl_forecast (periods 24, 168) on
# every EC_BENCH_ARIMA_STEP-th series (default 1: all 414).
# R's side: tests/bench/arima_r.R, forecast::auto.arima (season 24) and
# forecast(mstl(msts(y, c(24, 168))), method = "arima"), on every
# EC_BENCH_ARIMA_R_STEP-th series (default 20: 21 series), because R's
# auto.arima takes one to several minutes per hourly series (55 s for H1
# on an idle core, 450 s on this shared machine): all 414 would take
# hours. R is installed with apt-get (r-cran-forecast) when missing.
# Both record wall-clock seconds per series (noisy on a loaded machine).
# The scores come from tests/bench/arima_score.py (Python stdlib), which
# also lists the model each side chose on the common series. Outputs stay
# in build/bench/arima/; the report goes to stdout and is appended to
# build/bench/arima.txt.
#
#   sh tests/bench/arima.sh      EC_BENCH_ARIMA_STEP=K, EC_BENCH_ARIMA_R_STEP=K
#                                (EC_BENCH_ARIMA_R_STEP=0 skips R;
#                                EC_BENCH_ARIMA_R_CSV=FILE reuses R's output
#                                of an earlier run, complete or not)
# Plain POSIX sh.

set -u
LC_ALL=C
export LC_ALL

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
out=build/bench
work=$out/arima
shared=${EC_SHARED:-$top/../shared}
data=$shared/data/m4-hourly
step=${EC_BENCH_ARIMA_STEP:-1}
rstep=${EC_BENCH_ARIMA_R_STEP:-20}
py=/usr/bin/python3
for v in "$step" "$rstep"; do
	case $v in
	'' | *[!0-9]*)
		echo "bench: EC_BENCH_ARIMA_STEP and _R_STEP must be integers" >&2
		exit 2
		;;
	esac
done
if [ ! -f "$data/Hourly-train.csv" ]; then
	echo "bench: $data/Hourly-train.csv missing; skipping the ARIMA benchmark" >&2
	exit 0
fi
if [ ! -f build/libec.a ]; then
	echo "bench: build/libec.a not built (make all)" >&2
	exit 1
fi
mkdir -p "$work" || exit 1

apt_install() {
	if [ "$(id -u)" -eq 0 ]; then
		as_root=
	elif command -v sudo >/dev/null 2>&1; then
		as_root=sudo
	else
		echo "bench: '$1' is missing and I am not root and there is no sudo:" \
		    "apt-get install $2" >&2
		exit 1
	fi
	echo "bench: installing $2 (for '$1')" >&2
	$as_root apt-get install -y "$2" >&2 ||
	    { $as_root apt-get update >&2 && $as_root apt-get install -y "$2" >&2; } || {
		echo "bench: cannot install $2" >&2
		exit 1
	}
}

# ---- ours ----
${CC:-cc} -O2 -std=c11 -Ilib -D_GNU_SOURCE tests/bench/arima_m4.c build/libec.a \
    -lopenblas -lpthread -lm -o "$work/arima_m4" || exit 1
echo "bench: ec ARIMA and MSTL on every ${step}th series" >&2
"$work/arima_m4" "$data/Hourly-train.csv" 48 "$step" >"$work/ec.csv" || exit 1

# ---- R ----
rcsv=${EC_BENCH_ARIMA_R_CSV:-}
if [ -n "$rcsv" ]; then
	[ -f "$rcsv" ] || {
		echo "bench: $rcsv not found" >&2
		exit 1
	}
elif [ "$rstep" -gt 0 ]; then
	if ! command -v Rscript >/dev/null 2>&1 ||
	    ! Rscript -e 'library(forecast)' >/dev/null 2>&1; then
		apt_install Rscript r-cran-forecast
	fi
	echo "bench: R auto.arima and mstl on every ${rstep}th series (minutes each)" >&2
	Rscript tests/bench/arima_r.R "$data/Hourly-train.csv" 48 "$rstep" "$work/r.csv" \
	    >"$work/r.log" 2>&1 || {
		echo "bench: R failed:" >&2
		cat "$work/r.log" >&2
		exit 1
	}
	rcsv=$work/r.csv
fi

# ---- report ----
{
	echo "ec ARIMA/MSTL vs R forecast on M4 Hourly (h = 48), $(date -u '+%Y-%m-%dT%H:%M:%SZ')"
	echo "wall-clock seconds per series summed; shared machine, noisy"
	"$py" tests/bench/arima_score.py "$data/Hourly-train.csv" "$data/Hourly-test.csv" \
	    "$work/ec.csv" $rcsv
	echo
} | tee -a "$out/arima.txt"
