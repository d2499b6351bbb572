#!/bin/sh
# tests/bench/run.sh: throughput of ec-ingest against Miller, behind
# `make bench` (after `make all`). A benchmark, not a test: it prints
# figures and fails only when something could not run or the two tools
# disagree on the number of records.
#
# The data is made here, deterministically, with awk: N e-commerce events
# (default 1,200,000, about 73 MB) in the raw shape shops export,
#   event_time,user_id,product_id,event_type,price,session_id
#   2024-03-01 00:00:00,512183514,1003127,view,14.52,1000000007
# from 64 interleaved shopping sessions. Each session views products
# (popularity skewed, price fixed per product), carts 8% of what it views
# and buys 40% of what it carts, so the shares come out near 90% view, 7%
# cart, 3% purchase. A session never has two events in the same second
# and session ids are unique, so no two rows are equal: ec-ingest may drop
# exact duplicate events and the record counts must still match Miller's.
# The random numbers are Park and Miller's minimal standard generator
# (CACM 31(10), 1988), exact in awk's doubles, so mawk and gawk write the
# same bytes. A zstd copy sits beside the CSV; both are reused while this
# script and N are unchanged.
#
# Each command runs 3 times pinned to CPU 0 (taskset, when present; both
# sides of a pipe share the core) with warm caches and the best time is
# kept (hyperfine's minimum when hyperfine is installed). MB are 10^6 bytes
# of uncompressed CSV, also for the .zst inputs. The table goes to stdout
# and to build/bench/ingest.txt.
#
#   sh tests/bench/run.sh            EC_BENCH_ROWS=N to change the size
#
# Needs Miller (mlr) and zstd, installed with apt-get when missing (sudo
# when not root). Plain POSIX sh.

set -u
LC_ALL=C
export LC_ALL

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
self=$top/tests/bench/run.sh
out=build/bench
rows=${EC_BENCH_ROWS:-1200000}
case $rows in
'' | *[!0-9]*)
	echo "bench: EC_BENCH_ROWS must be a number, not '$rows'" >&2
	exit 2
	;;
esac
ingest=${EC_BIN:-$top/bin}/ec-ingest
mkdir -p "$out" || exit 1

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
command -v mlr >/dev/null 2>&1 || apt_install mlr miller
command -v zstd >/dev/null 2>&1 || apt_install zstd zstd
if [ ! -x "$ingest" ]; then
	echo "bench: $ingest not built (make all); timing the others only" >&2
	ingest=
fi
pin=
if command -v taskset >/dev/null 2>&1 && taskset -c 0 true 2>/dev/null; then
	pin="taskset -c 0"
fi
hf=
command -v hyperfine >/dev/null 2>&1 && hf=hyperfine

# ---- data ----
csv=$out/events.csv
zst=$csv.zst
stamp="$(cksum <"$self") $rows"
if [ ! -f "$csv" ] || [ ! -f "$zst" ] || [ "$(cat "$out/events.stamp" 2>/dev/null)" != "$stamp" ]; then
	echo "bench: generating $rows events into $csv" >&2
	rm -f "$out/events.stamp"
	awk -v N="$rows" -v shares="$out/events.shares" '
	function rnd() { seed = (seed * 16807) % 2147483647; return seed / 2147483647 }
	function tick() {
		clock++
		if (++s < 60) { stamp_now(); return }
		s = 0
		if (++mi < 60) { stamp_now(); return }
		mi = 0
		if (++h < 24) { stamp_now(); return }
		h = 0
		ml = dim[Mo] + (Mo == 2 && Y % 4 == 0 && (Y % 100 != 0 || Y % 400 == 0))
		if (++D > ml) { D = 1; if (++Mo > 12) { Mo = 1; Y++ } }
		stamp_now()
	}
	function stamp_now() { now = sprintf("%04d-%02d-%02d %02d:%02d:%02d", Y, Mo, D, h, mi, s) }
	function newsess(i) {
		user[i] = 512000000 + int(rnd() * 300000)
		sid[i] = 1000000000 + nsess * 17 + int(rnd() * 17)
		nsess++
		left[i] = 1 + int(rnd() * rnd() * 24)
		stage[i] = 0
		last[i] = -1
	}
	# product index -> id and a price fixed per product, log-uniform
	# between 1.99 and about 2000
	function setprod(i,   x, c) {
		x = rnd()
		idx = int(NP * x * x * x)
		prod[i] = 1000000 + idx * 53
		c = int(100 * exp(((idx * 7919) % 10007) / 10007 * 7.6)) + 99
		price[i] = sprintf("%d.%02d", int(c / 100), c % 100)
	}
	BEGIN {
		seed = 20240301
		NP = 60000
		P = 64
		split("31 28 31 30 31 30 31 31 30 31 30 31", dim, " ")
		Y = 2024; Mo = 3; D = 1; h = 0; mi = 0; s = 0; clock = 0
		stamp_now()
		for (i = 1; i <= P; i++) newsess(i)
		print "event_time,user_id,product_id,event_type,price,session_id"
		for (k = 0; k < N; k++) {
			if (rnd() < 0.35) tick()
			i = 1 + int(rnd() * P)
			if (last[i] == clock) tick()
			if (stage[i] == 1 && rnd() < 0.08) {
				type = "cart"; stage[i] = 2
			} else if (stage[i] == 2 && rnd() < 0.40) {
				type = "purchase"; stage[i] = 0
			} else {
				setprod(i); type = "view"; stage[i] = 1
			}
			printf "%s,%d,%d,%s,%s,%d\n", now, user[i], prod[i], type, price[i], sid[i]
			ntype[type]++
			last[i] = clock
			if (--left[i] <= 0) newsess(i)
		}
		printf "view %.1f%%, cart %.1f%%, purchase %.1f%%\n", 100 * ntype["view"] / N,
		    100 * ntype["cart"] / N, 100 * ntype["purchase"] / N >shares
	}' >"$csv.tmp" || {
		echo "bench: generating $csv failed" >&2
		exit 1
	}
	mv "$csv.tmp" "$csv" || exit 1
	zstd -q -f -3 -o "$zst" "$csv" || exit 1
	echo "$stamp" >"$out/events.stamp"
fi
bytes=$(wc -c <"$csv" | tr -d ' ')
zbytes=$(wc -c <"$zst" | tr -d ' ')
nrec=$(($(wc -l <"$csv") - 1))

# ---- timing ----
# best CMD: the best of 3 wall-clock times of sh -c CMD, in seconds.
best() {
	if [ -n "$hf" ]; then
		$hf --runs 3 --style none --export-csv "$out/hf.csv" \
		    "$pin sh -c \"$1\"" >/dev/null 2>&1 &&
		    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "min") c = i }
			NR == 2 { printf "%.3f\n", $c }' "$out/hf.csv" && return
	fi
	b=
	for _ in 1 2 3; do
		t0=$(date +%s.%N)
		$pin sh -c "$1" || return 1
		t1=$(date +%s.%N)
		b=$(awk -v a="$t0" -v z="$t1" -v b="$b" \
		    'BEGIN { t = z - a; if (b != "" && b < t) t = b; printf "%.3f\n", t }')
	done
	echo "$b"
}

# label TAB command TAB group, one line per command; the group pairs an
# ec-ingest run with the Miller run it is compared with (p: plain CSV,
# z: zstd; e: ec-ingest, m: Miller, f: the floor).
tab=$(printf '\t')
: >"$out/cmds"
if [ -n "$ingest" ]; then
	echo "ec-ingest -q events.csv${tab}'$ingest' -q '$csv' >/dev/null${tab}pe" >>"$out/cmds"
	echo "ec-ingest -q events.csv.zst${tab}'$ingest' -q '$zst' >/dev/null${tab}ze" >>"$out/cmds"
fi
echo "mlr --icsv --ojsonl cat events.csv${tab}mlr --icsv --ojsonl cat '$csv' >/dev/null${tab}pm" >>"$out/cmds"
echo "zstd -dc events.csv.zst | mlr --icsv --ojsonl cat${tab}zstd -dc '$zst' | mlr --icsv --ojsonl cat >/dev/null${tab}zm" >>"$out/cmds"
echo "zstd -dc events.csv.zst | wc -l  (floor)${tab}zstd -dc '$zst' | wc -l >/dev/null${tab}f" >>"$out/cmds"

: >"$out/times"
failed=0
while IFS="$tab" read -r label cmd group; do
	echo "bench: timing $label" >&2
	if t=$(best "$cmd"); then
		echo "$group$tab$t$tab$label" >>"$out/times"
	else
		echo "bench: '$label' failed" >&2
		echo "$group$tab-$tab$label" >>"$out/times"
		failed=1
	fi
done <"$out/cmds"

# ---- record counts ----
echo "bench: counting records" >&2
counts="expected $nrec"
mismatch=0
count() {
	n=$(sh -c "$1" | wc -l | tr -d ' ')
	counts="$counts, $2 $n"
	[ "$n" -eq "$nrec" ] || mismatch=1
}
if [ -n "$ingest" ]; then
	count "'$ingest' -q '$csv'" ec-ingest
	count "'$ingest' -q '$zst'" "ec-ingest(zst)"
fi
count "mlr --icsv --ojsonl cat '$csv'" mlr

# ---- report ----
cpu=$(sed -n 's/^model name[^:]*: *//p' /proc/cpuinfo 2>/dev/null | head -n 1)
{
	echo "ec-ingest vs Miller: $nrec events, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB CSV," \
	    "$(awk -v b="$zbytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB zstd"
	echo "best of 3, ${pin:+pinned with '$pin', }${hf:+timed by hyperfine, }warm cache; MB/s of uncompressed CSV (10^6 bytes)"
	echo "cpu: ${cpu:-unknown}; $(mlr --version 2>&1 | head -n 1);" \
	    "zstd $(zstd -V 2>&1 | sed -n 's/.*\(v[0-9][0-9.]*\).*/\1/p' | head -n 1)"
	echo "event_type shares: $(cat "$out/events.shares" 2>/dev/null)"
	[ -n "$ingest" ] && echo "$("$ingest" --version 2>&1 | head -n 1)"
	echo
	awk -F"$tab" -v bytes="$bytes" '
	{ g[NR] = $1; t[NR] = $2; l[NR] = $3; bt[$1] = $2 }
	END {
		printf "%-52s %8s %8s %10s\n", "command", "seconds", "MB/s", "vs Miller"
		for (i = 1; i <= NR; i++) {
			if (t[i] == "-") { printf "%-52s %8s %8s %10s\n", l[i], "failed", "-", "-"; continue }
			r = "-"
			m = substr(g[i], 1, 1) "m"
			if (substr(g[i], 2, 1) == "e" && bt[m] != "" && bt[m] != "-" && t[i] > 0)
				r = sprintf("%.2fx", bt[m] / t[i])
			printf "%-52s %8.3f %8.1f %10s\n", l[i], t[i], (t[i] > 0 ? bytes / 1e6 / t[i] : 0), r
		}
	}' "$out/times"
	echo
	if [ "$mismatch" -eq 0 ]; then
		echo "records: $counts: all equal"
	else
		echo "records: $counts: MISMATCH"
	fi
	[ -n "$ingest" ] || echo "(bin/ec-ingest not built: its rows are missing)"
} | tee "$out/ingest.txt"
rm -f "$out/cmds" "$out/times" "$out/hf.csv"

# Every other tests/bench/NAME.sh is one program against its peer
# (features: pandas, rules: a Python Apriori, ...); EC_BENCH_ONLY=NAME,...
# runs only those.
for b in tests/bench/*.sh; do
	name=$(basename "$b" .sh)
	[ "$name" = run ] && continue
	case ",${EC_BENCH_ONLY:-$name}," in *",$name,"*) ;; *) continue ;; esac
	sh "$b" || failed=1
done
[ "$failed" -eq 0 ] && [ "$mismatch" -eq 0 ] && [ -n "$ingest" ]
