#!/bin/sh
# tests/bench/features.sh: ec-features users and items against the same
# aggregation in pandas, on about 10 million synthetic events; run at the
# end of tests/bench/run.sh, so by `make bench`. The claim under test is the
# reason ec-features exists: a sort-based C program should build these
# tables at least 5 times faster than a pandas script, in less memory. A
# benchmark, not a test: it prints figures, and fails only when something
# could not run or the two tools disagree.
#
# The events are our own: `ec-synth --seed 1 --scale 50` writes about 10.1
# million of them (1.5 GB of JSON Lines) into build/bench/shop10m in some
# 15 seconds; they are reused while the seed and scale are unchanged, and
# decompressed once to events.jsonl, so that both tools read the same plain
# file, with a warm page cache. EC_BENCH_EVENTS_SCALE=S picks another scale
# (0.5 is about 100,000 events) for a quick run, in build/bench/shop-scaleS.
#
# Each command runs once (pandas takes minutes), not pinned to a CPU, under
# /usr/bin/time -f '%e %M': wall seconds and peak resident set. The pandas
# side is tests/bench/features_pandas.py (its header says how it reads the
# file and why), run with Debian's /usr/bin/python3 and python3-pandas,
# installed with apt-get when missing (sudo when not root). Both use the
# default as-of, one second after the newest event. The outputs are then
# compared row by row by features_pandas.py compare: counts and strings
# exactly, real numbers to 1e-6 relative or 5e-7 absolute (ec-features
# writes them rounded to 6 decimals). The table goes to stdout and is
# appended to build/bench/features.txt; the outputs and each run's
# standard error stay in build/bench/features/.
#
#   sh tests/bench/features.sh       EC_BENCH_EVENTS_SCALE=S to change the size
#
# Plain POSIX sh.

set -u
LC_ALL=C
export LC_ALL

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
out=build/bench
work=$out/features
scale=${EC_BENCH_EVENTS_SCALE:-50}
case $scale in
'' | .* | *.*.* | *[!0-9.]*)
	echo "bench: EC_BENCH_EVENTS_SCALE must be a number, not '$scale'" >&2
	exit 2
	;;
esac
bin=${EC_BIN:-$top/bin}
features=$bin/ec-features
synth=$bin/ec-synth
py=/usr/bin/python3
pyscript=tests/bench/features_pandas.py
for p in "$features" "$synth"; do
	if [ ! -x "$p" ]; then
		echo "bench: $p not built (make all)" >&2
		exit 1
	fi
done
mkdir -p "$work" || exit 1

# ---- tools ----
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
"$py" -c 'import pandas' 2>/dev/null || apt_install pandas python3-pandas
"$py" -c 'import pandas' || exit 1
[ -x /usr/bin/time ] || apt_install /usr/bin/time time
command -v zstd >/dev/null 2>&1 || apt_install zstd zstd

# ---- data ----
if [ "$scale" = 50 ]; then
	dir=$out/shop10m
else
	dir=$out/shop-scale$scale
fi
zst=$dir/events.jsonl.zst
jsonl=$dir/events.jsonl
stamp="ec-synth --seed 1 --scale $scale"
# ec-synth writes each file whole or not at all, so a present
# events.jsonl.zst is complete; one without a stamp was made by the
# command the stamp names (it is the one the README gives).
if [ -f "$zst" ] && [ ! -f "$dir/synth.stamp" ]; then
	echo "$stamp" >"$dir/synth.stamp"
fi
if [ ! -f "$zst" ] || [ "$(cat "$dir/synth.stamp" 2>/dev/null)" != "$stamp" ]; then
	echo "bench: generating events: $stamp -o $dir" >&2
	rm -f "$dir/synth.stamp" "$dir/unzstd.stamp" "$jsonl"
	"$synth" --seed 1 --scale "$scale" -q -o "$dir" || {
		echo "bench: ec-synth failed" >&2
		exit 1
	}
	echo "$stamp" >"$dir/synth.stamp"
fi
if [ ! -f "$jsonl" ] || [ ! -f "$dir/unzstd.stamp" ]; then
	echo "bench: decompressing $zst" >&2
	zstd -q -dc "$zst" >"$jsonl.tmp" && mv "$jsonl.tmp" "$jsonl" || {
		echo "bench: cannot decompress $zst" >&2
		exit 1
	}
	: >"$dir/unzstd.stamp"
fi
# reading it here also warms the page cache for both tools
nev=$(wc -l <"$jsonl" | tr -d ' ')
bytes=$(wc -c <"$jsonl" | tr -d ' ')

# ---- timing ----
tab=$(printf '\t')
: >"$work/times"
failed=0
# run TABLE TOOL LABEL OUTPUT CMD...: time CMD > OUTPUT, a line in times.
run() {
	tb=$1 tool=$2 label=$3 o=$4
	shift 4
	echo "bench: timing $label" >&2
	if /usr/bin/time -f '%e %M' -o "$work/time.out" "$@" >"$o" 2>"$o.err"; then
		read -r wall kb <"$work/time.out"
	else
		echo "bench: '$label' failed:" >&2
		cat "$work/time.out" "$o.err" >&2
		wall=- kb=-
		failed=1
	fi
	echo "$tb$tab$tool$tab$wall$tab$kb$tab$label" >>"$work/times"
}
for t in users items; do
	run "$t" ec-features "ec-features $t events.jsonl" "$work/ec-$t.jsonl" \
	    "$features" "$t" "$jsonl"
	run "$t" pandas "python3 features_pandas.py $t events.jsonl" "$work/pandas-$t.jsonl" \
	    "$py" "$pyscript" "$t" "$jsonl"
	sed 's/^/  /' "$work/pandas-$t.jsonl.err" >&2
done

# ---- agreement ----
: >"$work/agree"
disagree=0
for t in users items; do
	echo "bench: comparing the $t tables" >&2
	"$py" "$pyscript" compare "$t" "$work/ec-$t.jsonl" "$work/pandas-$t.jsonl" \
	    >>"$work/agree" 2>&1 || disagree=1
done

# ---- report ----
cpu=$(sed -n 's/^model name[^:]*: *//p' /proc/cpuinfo 2>/dev/null | head -n 1)
asof=$(sed -n 's/.*(as-of \(.*\)).*/\1/p' "$work/ec-items.jsonl.err")
{
	echo "ec-features vs pandas: $nev events ($stamp)," \
	    "$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB of JSON Lines, as-of ${asof:-?}"
	echo "$(date -u '+%Y-%m-%dT%H:%M:%SZ'); one run each, warm cache, not pinned;" \
	    "cpu: ${cpu:-unknown} x $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')"
	echo "$("$features" --version 2>&1 | head -n 1); $("$py" "$pyscript" about)"
	echo
	awk -F"$tab" '
	{ tb[NR] = $1; tool[NR] = $2; w[NR] = $3; k[NR] = $4; l[NR] = $5
	  if ($2 == "ec-features") { ew[$1] = $3; ek[$1] = $4 } }
	END {
		printf "%-6s %-12s %-46s %8s %12s %8s %8s\n", "table", "tool", "command",
		    "wall s", "peak RSS MB", "time x", "mem x"
		for (i = 1; i <= NR; i++) {
			if (w[i] == "-") {
				printf "%-6s %-12s %-46s %8s %12s %8s %8s\n", tb[i], tool[i], l[i],
				    "failed", "-", "-", "-"
				continue
			}
			rt = rm = "-"
			if (tool[i] == "pandas" && ew[tb[i]] != "" && ew[tb[i]] != "-") {
				if (ew[tb[i]] > 0) rt = sprintf("%.1fx", w[i] / ew[tb[i]])
				if (ek[tb[i]] > 0) rm = sprintf("%.1fx", k[i] / ek[tb[i]])
			}
			printf "%-6s %-12s %-46s %8.2f %12.1f %8s %8s\n", tb[i], tool[i], l[i],
			    w[i], k[i] * 1024 / 1e6, rt, rm
		}
		print "(time x, mem x: pandas / ec-features; MB are 10^6 bytes)"
	}' "$work/times"
	echo
	echo "agreement (rows matched by key; counts and strings exact, reals to 1e-6 relative or 5e-7):"
	cat "$work/agree"
	if [ "$disagree" -eq 0 ]; then
		echo "agreement: all equal"
	else
		echo "agreement: MISMATCH (see above)"
	fi
	echo
} | tee -a "$out/features.txt"
rm -f "$work/times" "$work/time.out" "$work/agree"

[ "$failed" -eq 0 ] && [ "$disagree" -eq 0 ]
