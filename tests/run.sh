#!/bin/sh
# tests/run.sh: the test runner behind `make check`.
#
#   sh tests/run.sh [unit] [cli] [fuzz] [real] [docs]     (none: all five)
#
# One line per test, "ok   suite/name", "FAIL suite/name" (followed by the
# diff or the failure output, indented) or "SKIP suite/name: why", and at
# the very end exactly one line "check: N passed, N failed, N skipped".
# Exit 1 when anything failed, else 0.
#
#   unit  every executable $EC_BUILD/tests/test_* (cmocka); each cmocka test
#         case is one test, read from cmocka's TAP output. A binary that
#         crashes, exits with a status other than its number of failed cases,
#         or is missing for a tests/unit/test_*.c is one more failure.
#   cli   golden tests: tests/cli/ec-NAME/CASE.sh run with sh in that
#         directory, stdin /dev/null, PATH="$EC_BIN:$PATH", LC_ALL=C, TZ=UTC,
#         and a fresh empty scratch directory in $EC_TMP (also TMPDIR).
#         stdout must equal CASE.stdout byte for byte, stderr CASE.stderr if
#         that file exists, the exit status the number in CASE.exit (default
#         0). EC_UPDATE=1 rewrites the expectations instead of comparing.
#   fuzz  $EC_BUILD/fuzz-replay/fuzz_X run over every file of
#         tests/fuzz/corpus/fuzz_X/; exit 0 passes.
#   real  tests/real/*.sh run with sh from the top of the repository with
#         EC_BIN and EC_SHARED (default ../shared); 0 passes, 77 skips (the
#         script's last line of output is the reason), anything else fails.
#   docs  each cmd/ec-NAME.c or .sh has man/ec-NAME.1, at least one
#         tests/cli/ec-NAME/CASE.sh and a mention in README.md; every man page
#         is `mandoc -Tlint -Wwarning` clean (one skip when mandoc is absent).
#
# Unit, cli and fuzz programs are stopped after EC_TIMEOUT seconds (300)
# where timeout(1) exists; real-data scripts are not limited.
#
# Plain POSIX sh (dash): counters live in this shell, so loops read files
# through redirections, never from a pipe (a piped loop runs in a subshell).

set -u

top=$(cd "$(dirname "$0")/.." && pwd)
EC_BIN=${EC_BIN:-$top/bin}
EC_BUILD=${EC_BUILD:-$top/build}
EC_SHARED=${EC_SHARED:-$top/../shared}
export EC_BIN EC_BUILD EC_SHARED
LC_ALL=C
export LC_ALL

npass=0
nfail=0
nskip=0

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ec-check.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'rm -rf "$tmp"; exit 130' HUP INT PIPE TERM

# A hung program should fail its test, not the whole CI run.
limit=
if command -v timeout >/dev/null 2>&1; then
	limit="timeout ${EC_TIMEOUT:-300}"
fi

pass() { printf 'ok   %s\n' "$1"; npass=$((npass + 1)); }
fail() { printf 'FAIL %s\n' "$1"; nfail=$((nfail + 1)); }
skip() { printf 'SKIP %s: %s\n' "$1" "$2"; nskip=$((nskip + 1)); }
indent() { sed 's/^/    /'; }
# status N -> words, for failure messages
status_words() {
	case $1 in
	124) echo "timed out" ;;
	1[3-9][0-9] | 2[0-5][0-9]) echo "killed by signal $(($1 - 128)) (status $1)" ;;
	*) echo "exit status $1" ;;
	esac
}

# ---- unit ----

# cmocka's TAP output, e.g.
#   ok 1 - name / not ok 2 - name / not ok 3 # SKIP name / # message
# becomes report lines; the last line "=counts P F S" is read back below.
# "# " lines after a "not ok" are cmocka's reasons; other lines are what a
# test printed before its result, shown (the last 20) if it fails.
tap_report() {
	awk -v pre="$1" '
	function flush() { if (cur != "") { printf "FAIL %s\n%s", cur, det } cur = ""; det = "" }
	function take() { det = ""; for (i = (np > 20 ? np - 19 : 1); i <= np; i++) det = det "    " pend[i] "\n"; np = 0 }
	/^ok [0-9]+ - / { flush(); np = 0; sub(/^ok [0-9]+ - /, ""); printf "ok   %s/%s\n", pre, $0; p++; next }
	/^not ok [0-9]+ # SKIP/ { flush(); np = 0; sub(/^not ok [0-9]+ # SKIP */, ""); printf "SKIP %s/%s: skipped\n", pre, $0; s++; next }
	/^not ok [0-9]+ - / { flush(); take(); sub(/^not ok [0-9]+ - /, ""); cur = pre "/" $0; f++; next }
	/^# (not )?ok - / || /^1\.\.[0-9]+$/ { next }
	/^# / && cur != "" { det = det "    " substr($0, 3) "\n"; next }
	{ flush(); pend[++np] = $0 }
	END { flush(); printf "=counts %d %d %d\n", p, f, s }
	'
}

# A source without its binary is a failure, not silence: `sh tests/run.sh`
# before `make` must not report "0 failed".
not_built() {
	for src in "$top"/tests/$1/$2*.c; do
		[ -f "$src" ] || continue
		b=$(basename "$src" .c)
		if [ ! -x "$EC_BUILD/$3/$b" ]; then
			fail "$1/$b"
			echo "    $EC_BUILD/$3/$b not built (make check builds it)"
		fi
	done
}

suite_unit() {
	not_built unit test_ tests
	for t in "$EC_BUILD"/tests/test_*; do
		[ -f "$t" ] && [ -x "$t" ] || continue
		name=unit/$(basename "$t")
		# { } 2>/dev/null keeps dash's own "Segmentation fault" notice
		# out of the report; the failure is reported below
		{
			(cd "$top" && CMOCKA_MESSAGE_OUTPUT=TAP exec $limit "$t") \
			    >"$tmp/out" 2>"$tmp/err"
			rc=$?
		} 2>/dev/null
		tap_report "$name" <"$tmp/out" >"$tmp/rep"
		grep -v '^=counts ' "$tmp/rep"
		# shellcheck disable=SC2046 # three numbers, split on purpose
		set -- $(sed -n 's/^=counts //p' "$tmp/rep")
		npass=$((npass + $1))
		nfail=$((nfail + $2))
		nskip=$((nskip + $3))
		# cmocka exits with the number of failed cases; any other status
		# (a crash, exit(), a timeout) or no case at all is one more failure.
		if [ "$rc" -ne "$2" ] || [ $(($1 + $2 + $3)) -eq 0 ]; then
			fail "$name"
			echo "    $(status_words "$rc"); last output:"
			cat "$tmp/out" "$tmp/err" | tail -n 20 | indent
		fi
	done
}

# ---- cli ----

suite_cli() {
	for dir in "$top"/tests/cli/ec-*/; do
		[ -d "$dir" ] || continue
		for c in "$dir"*.sh; do
			[ -f "$c" ] || continue
			cli_case "$dir" "${c%.sh}"
		done
	done
}

cli_case() {
	base=$2
	name=cli/$(basename "$1")/$(basename "$base")
	rm -rf "$tmp/case" && mkdir "$tmp/case"
	(cd "$1" && PATH="$EC_BIN:$PATH" LC_ALL=C TZ=UTC EC_TMP="$tmp/case" \
	    TMPDIR="$tmp/case" $limit sh "$base.sh") \
	    </dev/null >"$tmp/stdout" 2>"$tmp/stderr"
	rc=$?
	if [ "${EC_UPDATE:-0}" = 1 ]; then
		changed=
		cmp -s "$tmp/stdout" "$base.stdout" 2>/dev/null ||
		    { cp "$tmp/stdout" "$base.stdout"; changed=1; }
		if [ -f "$base.stderr" ] && ! cmp -s "$tmp/stderr" "$base.stderr"; then
			cp "$tmp/stderr" "$base.stderr"
			changed=1
		fi
		if [ "$rc" -ne 0 ]; then
			if [ "$(cat "$base.exit" 2>/dev/null)" != "$rc" ]; then
				echo "$rc" >"$base.exit"
				changed=1
			fi
		elif [ -f "$base.exit" ]; then
			rm -f "$base.exit"
			changed=1
		fi
		pass "$name${changed:+ (updated)}"
		return
	fi
	want=0
	[ -f "$base.exit" ] && want=$(tr -d ' \t\r\n' <"$base.exit")
	: >"$tmp/why"
	if [ ! -f "$base.stdout" ]; then
		echo "missing $(basename "$base").stdout (EC_UPDATE=1 writes it)" >>"$tmp/why"
	elif ! cmp -s "$base.stdout" "$tmp/stdout"; then
		echo "stdout differs:" >>"$tmp/why"
		diff -u --label "$(basename "$base").stdout" --label stdout "$base.stdout" "$tmp/stdout" | head -n 40 >>"$tmp/why"
	fi
	if [ -f "$base.stderr" ] && ! cmp -s "$base.stderr" "$tmp/stderr"; then
		echo "stderr differs:" >>"$tmp/why"
		diff -u --label "$(basename "$base").stderr" --label stderr "$base.stderr" "$tmp/stderr" | head -n 40 >>"$tmp/why"
	fi
	if [ "$rc" != "$want" ]; then
		echo "$(status_words "$rc"), expected $want" >>"$tmp/why"
		if [ ! -f "$base.stderr" ] && [ -s "$tmp/stderr" ]; then
			echo "stderr:" >>"$tmp/why"
			head -n 40 "$tmp/stderr" >>"$tmp/why"
		fi
	fi
	if [ -s "$tmp/why" ]; then
		fail "$name"
		indent <"$tmp/why"
	else
		pass "$name"
	fi
}

# ---- fuzz ----

suite_fuzz() {
	not_built fuzz fuzz_ fuzz-replay
	for t in "$EC_BUILD"/fuzz-replay/fuzz_*; do
		[ -f "$t" ] && [ -x "$t" ] || continue
		f=$(basename "$t")
		corpus=$top/tests/fuzz/corpus/$f
		set -- "$corpus"/*
		if [ ! -e "$1" ]; then
			fail "fuzz/$f"
			echo "    no seed corpus in tests/fuzz/corpus/$f/"
			continue
		fi
		{
			$limit "$t" "$@" >"$tmp/out" 2>&1
			rc=$?
		} 2>/dev/null
		if [ "$rc" -eq 0 ]; then
			pass "fuzz/$f"
		else
			fail "fuzz/$f"
			echo "    $(status_words "$rc") over $# corpus files; last output:"
			tail -n 20 "$tmp/out" | indent
		fi
	done
}

# ---- real ----

suite_real() {
	for s in "$top"/tests/real/*.sh; do
		[ -f "$s" ] || continue
		name=real/$(basename "$s" .sh)
		(cd "$top" && sh "$s") </dev/null >"$tmp/out" 2>&1
		rc=$?
		case $rc in
		0) pass "$name" ;;
		77) skip "$name" "$(sed '/^[[:space:]]*$/d' "$tmp/out" | tail -n 1)" ;;
		*)
			fail "$name"
			echo "    $(status_words "$rc"); last output:"
			tail -n 40 "$tmp/out" | indent
			;;
		esac
	done
}

# ---- docs ----

suite_docs() {
	for src in "$top"/cmd/ec-*.c "$top"/cmd/ec-*.sh; do
		[ -f "$src" ] || continue
		n=$(basename "$src")
		n=${n%.*}
		: >"$tmp/why"
		[ -f "$top/man/$n.1" ] || echo "missing man/$n.1" >>"$tmp/why"
		set -- "$top/tests/cli/$n"/*.sh
		[ -f "$1" ] || echo "missing tests/cli/$n/CASE.sh" >>"$tmp/why"
		grep -Eq "(^|[^A-Za-z0-9_-])$n([^A-Za-z0-9_-]|\$)" "$top/README.md" 2>/dev/null ||
		    echo "README.md does not mention $n" >>"$tmp/why"
		if [ -s "$tmp/why" ]; then
			fail "docs/$n"
			indent <"$tmp/why"
		else
			pass "docs/$n"
		fi
	done
	set -- "$top"/man/*.1 "$top"/man/*.7
	if ! command -v mandoc >/dev/null 2>&1; then
		skip docs/mandoc "mandoc not installed (apt-get install mandoc)"
		return
	fi
	for m in "$@"; do
		[ -f "$m" ] || continue
		(cd "$top" && mandoc -Tlint -Wwarning "man/${m##*/}") >"$tmp/out" 2>&1
		if [ -s "$tmp/out" ]; then
			fail "docs/lint/$(basename "$m")"
			head -n 40 "$tmp/out" | indent
		else
			pass "docs/lint/$(basename "$m")"
		fi
	done
}

# ---- main ----

suites=${*:-unit cli fuzz real docs}
for s in $suites; do
	case $s in
	unit | cli | fuzz | real | docs) ;;
	*)
		echo "run.sh: unknown suite '$s' (unit cli fuzz real docs)" >&2
		exit 2
		;;
	esac
done
for s in $suites; do
	"suite_$s"
done

echo "check: $npass passed, $nfail failed, $nskip skipped"
[ "$nfail" -eq 0 ]
