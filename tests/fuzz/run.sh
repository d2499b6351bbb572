#!/bin/sh
# tests/fuzz/run.sh: libFuzzer over every fuzz target, behind `make fuzz`.
#
#   sh tests/fuzz/run.sh [SECONDS]        (default 60 s per target)
#
# Each tests/fuzz/fuzz_X.c is built with clang -fsanitize=fuzzer,address,
# undefined against the lib/ sources, compiled here with the same sanitizers
# into build/fuzz/libec-fuzz.a (the Makefile's libec.a is built by gcc without
# coverage, which libFuzzer cannot steer by). Each target then runs for
# SECONDS on build/fuzz/corpus-X, a copy of tests/fuzz/corpus/fuzz_X/ that
# keeps growing from run to run: what the fuzzer finds stays out of the
# repository until someone decides a new input is worth a seed.
#
# On the first crash, leak, UBSan report or hang (an input over 25 s) the
# script stops, prints the sanitizer's summary and the path of the input
# that did it, and exits 1. It exits 2 for bad usage and 3 when the
# toolchain is missing, naming the Debian package to install (they are
# listed in scripts/deps-dev.txt). Plain POSIX sh.

set -u

usage() {
	echo "usage: sh tests/fuzz/run.sh [SECONDS]" >&2
	exit 2
}
secs=${1:-60}
case $secs in
'' | *[!0-9]*) usage ;;
esac
[ "$#" -le 1 ] || usage

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 3
out=build/fuzz

# ---- toolchain ----
cc=${FUZZ_CC:-}
if [ -z "$cc" ]; then
	for c in clang-14 clang; do
		if command -v "$c" >/dev/null 2>&1; then
			cc=$c
			break
		fi
	done
fi
if [ -z "$cc" ] || ! command -v "$cc" >/dev/null 2>&1; then
	echo "fuzz: clang${cc:+ ('$cc')} not found: install the Debian package clang-14" \
	    "(apt-get install clang-14; see scripts/deps-dev.txt)" >&2
	exit 3
fi
mkdir -p "$out/lib" || exit 3

# libFuzzer is not in the clang-14 package itself but in libclang-rt-14-dev
# (the compiler-rt runtime); a one-line target tells whether it links.
cat >"$out/probe.c" <<'EOF'
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }
EOF
if ! "$cc" -fsanitize=fuzzer,address,undefined "$out/probe.c" -o "$out/probe" \
    >"$out/probe.log" 2>&1; then
	echo "fuzz: $cc cannot link -fsanitize=fuzzer,address,undefined:" >&2
	sed 's/^/    /' "$out/probe.log" | head -n 5 >&2
	echo "fuzz: install the Debian package libclang-rt-14-dev (libFuzzer and the" \
	    "sanitizer runtimes; see scripts/deps-dev.txt)" >&2
	exit 3
fi

# ---- build ----
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
cflags="-std=c11 -g -O1 -fno-omit-frame-pointer -Ilib -D_GNU_SOURCE"
version='-DEC_VERSION="fuzz"'
libs="-lcsv -ljansson -larchive -lzstd -lz -lsodium -lutf8proc -lxxhash -lopenblas -lpthread -lm"

rm -f "$out"/lib/*.o
for src in lib/*.c; do
	[ -f "$src" ] || continue
	obj=$out/lib/$(basename "$src" .c).o
	# shellcheck disable=SC2086 # word splitting of the flag lists is wanted
	if ! "$cc" $cflags "$version" $san -fsanitize=fuzzer-no-link -c "$src" -o "$obj"; then
		echo "fuzz: cannot compile $src with $cc" >&2
		exit 1
	fi
done

# An archive, as the Makefile's libec.a: the linker takes only the objects
# a target needs, so a module it does not use cannot break its link.
rm -f "$out/libec-fuzz.a"
ar rcs "$out/libec-fuzz.a" "$out"/lib/*.o || exit 1

targets=
for src in tests/fuzz/fuzz_*.c; do
	[ -f "$src" ] || continue
	name=$(basename "$src" .c)
	# shellcheck disable=SC2086
	if ! "$cc" $cflags "$version" $san -fsanitize=fuzzer "$src" "$out/libec-fuzz.a" $libs \
	    -o "$out/$name"; then
		echo "fuzz: cannot build $name" >&2
		exit 1
	fi
	targets="$targets $name"
done
if [ -z "$targets" ]; then
	echo "fuzz: no tests/fuzz/fuzz_*.c" >&2
	exit 1
fi

# ---- run ----
# Leaks count (detect_leaks); a UBSan report is fatal (-fno-sanitize-recover
# above and halt_on_error here) so that libFuzzer saves the input.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_OPTIONS UBSAN_OPTIONS

for name in $targets; do
	corpus=$out/corpus-$name
	mkdir -p "$corpus"
	if [ -d "tests/fuzz/corpus/$name" ]; then
		cp tests/fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null
	fi
	before=$(find "$corpus" -type f | wc -l)
	log=$out/$name.log
	rm -f "$out/$name"-crash-* "$out/$name"-leak-* "$out/$name"-timeout-* \
	    "$out/$name"-oom-*
	echo "fuzz: $name for $secs s on $corpus ($before inputs)"
	"$out/$name" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix="$out/$name-" "$corpus" \
	    >"$log" 2>&1
	rc=$?
	if [ "$rc" -ne 0 ]; then
		input=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
		echo "fuzz: $name FAILED (exit status $rc); the sanitizer said:" >&2
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error:|fuzz(_[a-z]+)?:|ALARM|==[0-9]+== ERROR)' \
		    "$log" | head -n 10 | sed 's/^/    /' >&2
		echo "fuzz: full log: $log" >&2
		if [ -n "$input" ]; then
			echo "fuzz: crash input: $input" >&2
			echo "fuzz: reproduce: $out/$name $input" \
			    "(or build/fuzz-replay/$name $input after make)" >&2
		fi
		exit 1
	fi
	after=$(find "$corpus" -type f | wc -l)
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	cov=$(grep -E '^#[0-9]+' "$log" | tail -n 1 | sed -n 's/.*cov: \([0-9]*\).*ft: \([0-9]*\).*/cov \1, ft \2/p')
	echo "fuzz: $name ok: ${runs:-?} runs, ${cov:-no coverage line}," \
	    "corpus $before -> $after inputs"
done
echo "fuzz: no crash in$targets"
