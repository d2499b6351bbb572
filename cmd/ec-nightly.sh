#!/bin/sh
# ec-nightly: the nightly job of a shop, raw logs to decisions and a report.
#
# It is also the worked example of composing the ec programs: every stage
# below is a few commands, most of them one pipe, that a user could type.
# What the script adds is what cron needs:
#
#   - one configuration file (KEY = value lines, see ec-nightly(1)) with
#     defaults that work on a directory of ec-synth-like files;
#   - a lock (flock(1), else a lock directory), so runs never overlap;
#   - a staging directory OUT/.run-DATE: each stage writes there and its
#     files are renamed into OUT only when the whole stage succeeded, so a
#     failing stage leaves the previous night's outputs of it and of every
#     later stage untouched (a rename within one file system is atomic);
#   - a log per stage (OUT/logs/STAGE.log), a progress line per stage with
#     its time on stderr, a one-screen summary on stdout;
#   - one seed for every random choice, so the same night gives the same files.
#
# A stage whose program is not installed (or whose input is not configured)
# is skipped and says so; a stage that fails stops the run (exit 1) naming
# itself and its log. Plain POSIX sh (dash): no arrays, no pipefail; where a
# pipe's first command may fail, it is wrapped in `checked`, which records
# the failure so the stage still fails.

VERSION=@VERSION@
prog=ec-nightly

usage() {
	cat <<'EOF'
usage: ec-nightly [-q] [-c CONFIG] [--date YYYY-MM-DD] [--seed N]
                  [--only LIST] RAW_DIR OUT_DIR

Run the nightly pipeline on the raw inputs in RAW_DIR and replace its
outputs in OUT_DIR stage by stage:
  1 ingest     raw logs -> events.jsonl.zst (rejects-KIND.jsonl beside it)
  2 features   users.csv items.csv samples.csv sales.csv baskets.csv docs.jsonl
  3 ctr        ctr.ecm ctr-metrics.json (click-through ranker, time split)
  4 recommend  cf.ecm recommendations.jsonl metrics-ranking.json
  5 forecast   series.csv forecast.csv selection.csv forecast-metrics.json
  6 price      fit.csv prices.csv
  7 topics     lda.ecm topics.jsonl doc-topics.jsonl topic-trends.csv
               topic-forecast.csv
  8 rules      rules.jsonl guide.jsonl
  9 faq        faq.ecm faq-answers.jsonl
 10 report     report.html
Progress on stderr, logs in OUT_DIR/logs/STAGE.log, summary on stdout.

Options:
  -c, --config FILE  KEY = value settings (see ec-nightly(1); default: none,
                     every key at its default)
      --date D       the run's date: events before D 00:00 UTC count
                     (default: DATE of the config, else today in UTC)
      --seed N       seed of every random choice (default: SEED, else 1)
      --only LIST    run only these stages (comma-separated names); the
                     others keep their previous outputs
  -q, --quiet        no progress lines on stderr
  -h, --help         this help
  -V, --version      version

Exit status: 0 success (stages may be skipped), 1 a stage failed or another
run holds the lock, 2 usage error.
EOF
}

die_usage() {
	echo "$prog: $*" >&2
	echo "try '$prog --help'" >&2
	exit 2
}
die() {
	echo "$prog: $*" >&2
	exit 1
}

# The programs beside this script come first (bin/ of a build, or PREFIX/bin).
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$here/ec-ingest" ] && PATH=$here:$PATH
export PATH
LC_ALL=C
TZ=UTC
export LC_ALL TZ

# ---- options ----
config=
opt_date=
opt_seed=
only=
quiet=0
while [ $# -gt 0 ]; do
	case $1 in
	-c | --config) [ $# -ge 2 ] || die_usage "$1 needs a file"; config=$2; shift 2 ;;
	--config=*) config=${1#*=}; shift ;;
	--date) [ $# -ge 2 ] || die_usage "--date needs YYYY-MM-DD"; opt_date=$2; shift 2 ;;
	--date=*) opt_date=${1#*=}; shift ;;
	--seed) [ $# -ge 2 ] || die_usage "--seed needs a number"; opt_seed=$2; shift 2 ;;
	--seed=*) opt_seed=${1#*=}; shift ;;
	--only) [ $# -ge 2 ] || die_usage "--only needs a list of stages"; only=$2; shift 2 ;;
	--only=*) only=${1#*=}; shift ;;
	-q | --quiet) quiet=1; shift ;;
	-h | --help) usage; exit 0 ;;
	-V | --version) echo "ec-nightly (ec) $VERSION"; exit 0 ;;
	--) shift; break ;;
	-?*) die_usage "unknown option '$1'" ;;
	*) break ;;
	esac
done
[ $# -eq 2 ] || die_usage "need RAW_DIR and OUT_DIR"
[ -d "$1" ] || die_usage "'$1' is not a directory"
RAW=$(cd "$1" && pwd)
case $2 in
/*) OUT=$2 ;;
*) OUT=$(pwd)/$2 ;;
esac

stages="ingest features ctr recommend forecast price topics rules faq report"
for s in $(echo "$only" | tr ',' ' '); do
	case " $stages " in
	*" $s "*) ;;
	*) die_usage "--only: unknown stage '$s' ($stages)" ;;
	esac
done

# ---- configuration ----
# Every key with its default. Input keys are space-separated glob patterns
# relative to RAW_DIR; a pattern that matches nothing is no input.
keys="DATE SEED
EVENTS EVENTS_OPTS CLICKS CLICKS_OPTS ORDERS ORDERS_OPTS REVIEWS REVIEWS_OPTS
QUERIES QUERIES_OPTS MAX_ERRORS
CATALOG PRICES FAQ FAQ_QUESTIONS SALES DOCS BASKETS BUSINESS_RULES
NEGATIVES ACTIVE_DAYS CF_MODEL CF_OPTS CTR_MODEL CTR_OPTS CTR_TEST_DAYS K EVAL_K EVAL_TEST_LAST
PROMO_BOOST MAX_PER_CATEGORY
HORIZON SEASON FORECAST_OPTS
OBJECTIVE MAX_CHANGE MIN_MARGIN PRICE_OPTS OPTIMIZE_OPTS
TOPICS TREND_BY TOPIC_HORIZON LDA_OPTS
MIN_SUPPORT MIN_CONFIDENCE COUPONS GUIDE GUIDE_DAYS REPORT_TOP"
DATE=
SEED=1
EVENTS='events*.jsonl* events*.csv*'
EVENTS_OPTS=
CLICKS='clicks*'
CLICKS_OPTS=
ORDERS='orders*'
ORDERS_OPTS='--set event=purchase'
REVIEWS='reviews*'
REVIEWS_OPTS='--set event=review --mask-text'
QUERIES='queries*'
QUERIES_OPTS='--set event=search'
MAX_ERRORS=
CATALOG='catalog.csv*'
PRICES='prices.csv*'
FAQ='faq.jsonl* faq.csv* faq.json'
FAQ_QUESTIONS='questions.jsonl*'
SALES=
DOCS=
BASKETS=
BUSINESS_RULES=
NEGATIVES=1
ACTIVE_DAYS=30
CF_MODEL=ease
CF_OPTS=
CTR_MODEL=lr
CTR_OPTS='--seq hist_items --target item'
CTR_TEST_DAYS=7
K=20
EVAL_K=10,20
EVAL_TEST_LAST=5
PROMO_BOOST=1.2
MAX_PER_CATEGORY=5
HORIZON=14
SEASON=7
FORECAST_OPTS=

OBJECTIVE=profit
MAX_CHANGE=0.10
MIN_MARGIN=0.05
PRICE_OPTS=
OPTIMIZE_OPTS=
TOPICS=10
TREND_BY=week
TOPIC_HORIZON=4
LDA_OPTS=
MIN_SUPPORT=0.002
MIN_CONFIDENCE=0.3
COUPONS=5000:300,2000:100,500:30
GUIDE=yes
GUIDE_DAYS=7
REPORT_TOP=6

if [ -n "$config" ]; then
	[ -r "$config" ] || die_usage "cannot read config '$config'"
	n=0
	while IFS= read -r line || [ -n "$line" ]; do
		n=$((n + 1))
		# strip blanks around; skip blank lines and comments
		line=$(printf '%s' "$line" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//')
		case $line in '' | '#'*) continue ;; esac
		case $line in
		*=*) ;;
		*) die_usage "$config:$n: not KEY = value: '$line'" ;;
		esac
		key=$(printf '%s' "${line%%=*}" | sed 's/[[:space:]]*$//')
		val=$(printf '%s' "${line#*=}" | sed 's/^[[:space:]]*//')
		case $val in \"*\") val=${val#\"}; val=${val%\"} ;; esac
		case " $(echo $keys) " in
		*" $key "*) ;;
		*) die_usage "$config:$n: unknown key '$key'" ;;
		esac
		eval "$key=\$val"
	done <"$config"
fi
[ -n "$opt_date" ] && DATE=$opt_date
[ -n "$opt_seed" ] && SEED=$opt_seed
[ -n "$DATE" ] || DATE=$(date -u +%Y-%m-%d)
case $DATE in
[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]) ;;
*) die_usage "date '$DATE' is not YYYY-MM-DD" ;;
esac
date -u -d "$DATE" +%F >/dev/null 2>&1 || die_usage "date '$DATE' does not exist"
case $SEED in '' | *[!0-9]*) die_usage "seed '$SEED' is not a number" ;; esac
ASOF=${DATE}T00:00:00Z

# ---- helpers ----

# inputs PATTERNS: the files in RAW_DIR matching the patterns, one a line
inputs() {
	(
		cd "$RAW" || exit 1
		for p in $1; do
			[ -f "$p" ] && printf '%s\n' "$RAW/$p"
		done
	) | sort -u
}
# first PATTERNS: the first matching file, or nothing
first() { inputs "$1" | head -n 1; }

# have PROG [ARGS]: the program is on PATH and (with ARGS, e.g. a model
# family or a subcommand of a front door) `PROG ARGS --help` works
have() {
	command -v "$1" >/dev/null 2>&1 || return 1
	[ $# -eq 1 ] && return 0
	"$@" --help >/dev/null 2>&1
}

# checked CMD...: run CMD as the first part of a pipe; a failure is recorded
# (dash has no pipefail) and fails the stage after the pipe
checked() {
	"$@"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "$prog: '$*' failed (exit $rc)" >&2
		echo "$*" >>"$W/pipe-failed"
	fi
	return "$rc"
}

# decompress FILE: its content, plain, gzip or zstd
decompress() {
	case $1 in
	*.zst) zstd -dcq "$1" ;;
	*.gz) gzip -dc "$1" ;;
	*) cat "$1" ;;
	esac
}

skip() {
	skipped="$skipped$stage: $*
"
	progress "$stage" "skipped: $*"
	return 77
}
need() {
	for p in "$@"; do
		# shellcheck disable=SC2086 # "ec-train -m lr" is a program and its arguments
		have $p || { skip "$p not installed"; return 77; }
	done
}
need_file() {
	for f in "$@"; do
		[ -s "$OUT/$f" ] || { skip "no $f (an earlier stage was skipped)"; return 77; }
	done
}

progress() {
	line="$prog: [$num/10] $1: $2"
	[ "$quiet" = 1 ] || echo "$line" >&2
	echo "$line" >>"$OUT/logs/progress.log"
}
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }

# ---- the stages ----
# Each stage function reads the inputs and earlier outputs ($OUT/...) and
# writes its outputs into $S; scratch files go to $W. It runs under set -e
# in a subshell whose output goes to the stage's log. Before the work, the
# *_ready function says whether the stage can run (77: skipped).

ingest_ready() {
	need ec-ingest || return 77
	[ -n "$(inputs "$EVENTS $CLICKS $ORDERS $REVIEWS $QUERIES")" ] ||
	    skip "no raw event input in $RAW (EVENTS, CLICKS, ORDERS, REVIEWS, QUERIES)"
}
stage_ingest() {
	# one ec-ingest per raw log with the options of its kind (the format
	# and compression are detected per file), bad records kept beside the
	# output, one file of them per kind; then one stream of canonical events
	parts=
	n=0
	for kind in events clicks orders reviews queries; do
		KIND=$(echo "$kind" | tr a-z A-Z)
		eval "pat=\$$KIND opts=\$${KIND}_OPTS"
		files=$(inputs "$pat")
		[ -n "$files" ] || continue
		: >"$S/rejects-$kind.jsonl"
		for f in $files; do
			n=$((n + 1))
			# shellcheck disable=SC2086 # options split on purpose
			ec-ingest $opts ${MAX_ERRORS:+--max-errors $MAX_ERRORS} \
			    --rejects "$W/rejects-$n.jsonl" -o "$W/events-$n.jsonl.zst" "$f"
			cat "$W/rejects-$n.jsonl" >>"$S/rejects-$kind.jsonl"
			parts="$parts $W/events-$n.jsonl.zst"
		done
	done
	# shellcheck disable=SC2086
	ec-ingest -o "$S/events.jsonl.zst" $parts
}

features_ready() { need ec-features && need_file events.jsonl.zst; }
stage_features() {
	ev=$OUT/events.jsonl.zst
	f="ec-features"
	$f users -q --as-of "$ASOF" --of csv -o "$S/users.csv" "$ev"
	$f items -q --as-of "$ASOF" --of csv -o "$S/items.csv" "$ev"
	$f samples -q --as-of "$ASOF" --negatives "$NEGATIVES" --seed "$SEED" --of csv \
	    -o "$S/samples.csv" "$ev"
	$f baskets -q --as-of "$ASOF" --of csv -o "$S/baskets.csv" "$ev"
	$f docs -q --as-of "$ASOF" -o "$S/docs.jsonl" "$ev"
	# daily sales per item; a configured SALES file (series,ts,value) wins
	sales=$(first "$SALES")
	if [ -n "$sales" ]; then
		decompress "$sales" >"$S/sales.csv"
	else
		$f sales -q --as-of "$ASOF" -o "$S/sales.csv" "$ev"
	fi
}

ctr_ready() {
	need "ec-train -m $CTR_MODEL" ec-predict "ec-eval ctr" && need_file samples.csv
}
stage_ctr() {
	# the last CTR_TEST_DAYS days are the test set, the days before train
	from=$(date -u -d "$DATE - $CTR_TEST_DAYS days" +%Y-%m-%dT00:00:00Z)
	ec-features split -q --test-from "$from" --of csv -o "$W/ctr-split" "$OUT/samples.csv"
	# shellcheck disable=SC2086
	ec-train -q -m "$CTR_MODEL" $CTR_OPTS --seed "$SEED" -o "$S/ctr.ecm" "$W/ctr-split/train.csv"
	checked ec-predict -q -m "$S/ctr.ecm" "$W/ctr-split/test.csv" |
	    ec-eval ctr -q >"$S/ctr-metrics.json"
}

recommend_ready() {
	need "ec-train -m $CF_MODEL" ec-recommend "ec-eval ranking" &&
	    need_file events.jsonl.zst
}
stage_recommend() {
	ev=$OUT/events.jsonl.zst
	# offline quality first: each user's last EVAL_TEST_LAST events held out
	ec-features split -q --test-last "$EVAL_TEST_LAST" -o "$W/split" "$ev"
	cf_seed=
	[ "$CF_MODEL" = als ] && cf_seed="--seed $SEED" # the only random one
	# shellcheck disable=SC2086
	ec-train -q -m "$CF_MODEL" $CF_OPTS $cf_seed -o "$W/cf-eval.ecm" "$W/split/train.jsonl"
	checked ec-recommend -q -m "$W/cf-eval.ecm" -k "$K" "$W/split/train.jsonl" |
	    ec-eval ranking -q -k "$EVAL_K" --truth "$W/split/test.jsonl" >"$S/metrics-ranking.json"

	# the night's model on all events, and top-K for every user active in
	# the last ACTIVE_DAYS days, with the shop's rules applied
	# shellcheck disable=SC2086
	ec-train -q -m "$CF_MODEL" $CF_OPTS $cf_seed -o "$S/cf.ecm" "$ev"
	since=$(date -u -d "$DATE - $ACTIVE_DAYS days" +%Y-%m-%dT00:00:00Z)
	echo user >"$W/active-users.csv"
	checked ec-ingest -q --keep-duplicates --of tsv "$ev" |
	    awk -F'\t' -v a="$since" -v b="$ASOF" 'NR > 1 && $1 >= a && $1 < b { print $2 }' |
	    sort -u >>"$W/active-users.csv"
	set -- -q -m "$S/cf.ecm" -k "$K" --users "$W/active-users.csv" --at "$ASOF"
	catalog=$(first "$CATALOG")
	[ -n "$catalog" ] && set -- "$@" --catalog "$catalog" --promo-boost "$PROMO_BOOST" \
	    --max-per-category "$MAX_PER_CATEGORY"
	rules=$(first "$BUSINESS_RULES")
	[ -n "$rules" ] && set -- "$@" --rules "$rules"
	ec-recommend "$@" -o "$S/recommendations.jsonl" "$ev"
}

forecast_ready() { need ec-forecast && need_file sales.csv; }
stage_forecast() {
	# series per item, and per category by joining the catalog
	cp "$OUT/sales.csv" "$W/series.csv"
	catalog=$(first "$CATALOG")
	if [ -n "$catalog" ]; then
		decompress "$catalog" | awk -F, '
		NR == FNR { if (FNR == 1) { for (i = 1; i <= NF; i++) col[$i] = i; next }
		            cat[$col["item"]] = $col["category"]; next }
		FNR > 1 && ($1 in cat) { s[cat[$1] SUBSEP $2] += $3 }
		END { for (k in s) { split(k, p, SUBSEP); print p[1] "," p[2] "," s[k] } }' \
		    - "$OUT/sales.csv" | sort -t, -k1,1 -k2,2 >>"$W/series.csv"
	fi
	cp "$W/series.csv" "$S/series.csv"
	# shellcheck disable=SC2086
	ec-forecast -q -h "$HORIZON" --season "$SEASON" --seed "$SEED" $FORECAST_OPTS "$S/series.csv" >"$S/forecast.csv"
	# the selection list: items by forecast total, with growth and lifecycle
	# shellcheck disable=SC2086
	checked ec-forecast -q -h "$HORIZON" --season "$SEASON" --seed "$SEED" $FORECAST_OPTS --summary "$OUT/sales.csv" |
	    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "total") t = i; print; fflush(); next }
	             { print (t ? $t : 0) "\t" $0 | "sort -t \"\t\" -k1,1gr -k2,2 | cut -f2-" }' >"$S/selection.csv"
	# accuracy: the last HORIZON days held out and forecast from the rest,
	# on the category series where there are some (item series are mostly
	# intermittent, where sMAPE says little), series longer than 2 horizons
	if have ec-eval forecast; then
		grep -q '^[^,]*/' "$W/series.csv" && cat=/ || cat=
		awk -F, -v h="$HORIZON" -v cat="$cat" 'NR == FNR { if (FNR > 1 && index($1, cat)) n[$1]++; next }
		    FNR == 1 { print > tr; print > te; next }
		    n[$1] > 2 * h { c[$1]++; print > (c[$1] <= n[$1] - h ? tr : te) }' \
		    tr="$W/fc-train.csv" te="$W/fc-test.csv" "$W/series.csv" "$W/series.csv"
		# shellcheck disable=SC2086
		ec-forecast -q -h "$HORIZON" --season "$SEASON" --seed "$SEED" $FORECAST_OPTS "$W/fc-train.csv" >"$W/fc-holdout.csv"
		ec-eval forecast --train "$W/fc-train.csv" --test "$W/fc-test.csv" --season "$SEASON" \
		    --of jsonl "$W/fc-holdout.csv" >"$S/forecast-metrics.json"
	fi
}

price_ready() {
	need "ec-price fit" "ec-price optimize" || return 77
	[ -n "$(first "$PRICES")" ] || { skip "no prices input (PRICES)"; return 77; }
	[ -n "$(first "$CATALOG")" ] || skip "no catalog (CATALOG)"
}
stage_price() {
	# shellcheck disable=SC2086
	ec-price fit -q $PRICE_OPTS "$(first "$PRICES")" >"$S/fit.csv"
	# shellcheck disable=SC2086
	ec-price optimize -q --fit "$S/fit.csv" --catalog "$(first "$CATALOG")" --at "$ASOF" \
	    --objective "$OBJECTIVE" --max-change "$MAX_CHANGE" --min-margin "$MIN_MARGIN" \
	    $OPTIMIZE_OPTS >"$S/prices.csv"
}

topics_ready() { need "ec-lda train" "ec-lda trend" ec-forecast && need_file docs.jsonl; }
stage_topics() {
	docs=$(first "$DOCS")
	[ -n "$docs" ] || docs=$OUT/docs.jsonl
	# shellcheck disable=SC2086
	ec-lda train -q -k "$TOPICS" --seed "$SEED" $LDA_OPTS --topics "$S/topics.jsonl" \
	    --doc-topics "$S/doc-topics.jsonl" -o "$S/lda.ecm" "$docs"
	# the C2M chain: topic shares per week, and where they are heading
	checked ec-lda trend -q -m "$S/lda.ecm" --by "$TREND_BY" --seed "$SEED" "$docs" |
	    tee "$S/topic-trends.csv" |
	    ec-forecast -q -h "$TOPIC_HORIZON" --seed "$SEED" >"$S/topic-forecast.csv"
}

rules_ready() {
	need "ec-rules mine" "ec-rules guide" || return 77
	[ -n "$(first "$BASKETS")" ] || need_file baskets.csv
}
stage_rules() {
	baskets=$(first "$BASKETS")
	[ -n "$baskets" ] || baskets=$OUT/baskets.csv
	ec-rules mine -q --min-support "$MIN_SUPPORT" --min-confidence "$MIN_CONFIDENCE" \
	    --no-empty-lhs -o "$S/rules.jsonl" "$baskets"
	# cross-sell and coupons for the baskets of the last GUIDE_DAYS days
	set -- --rules "$S/rules.jsonl" --coupons "$COUPONS" --at "$ASOF"
	catalog=$(first "$CATALOG")
	[ -n "$catalog" ] && set -- "$@" --catalog "$catalog"
	[ -s "$OUT/users.csv" ] && set -- "$@" --users "$OUT/users.csv"
	rules=$(first "$BUSINESS_RULES")
	[ -n "$rules" ] && set -- "$@" --business "$rules"
	since=$(date -u -d "$DATE - $GUIDE_DAYS days" +%Y-%m-%dT00:00:00Z)
	if [ "$GUIDE" = yes ] && [ -s "$OUT/baskets.csv" ]; then
		awk -F, -v a="$since" 'NR == 1 || $3 >= a' "$OUT/baskets.csv" >"$W/recent-baskets.csv"
		ec-rules guide -q "$@" -o "$S/guide.jsonl" "$W/recent-baskets.csv"
	fi
}

faq_ready() {
	need "ec-faq index" || return 77
	[ -n "$(first "$FAQ")" ] || skip "no knowledge base (FAQ)"
}
stage_faq() {
	ec-faq index -q -o "$S/faq.ecm" "$(first "$FAQ")"
	questions=$(first "$FAQ_QUESTIONS")
	if [ -n "$questions" ]; then
		# the escalation threshold from labelled questions (with the
		# accuracy it gives), then how the calibrated model answers them
		ec-faq calibrate -q -m "$S/faq.ecm" "$questions" >"$S/faq-metrics.json"
		ec-faq answer -q -m "$S/faq.ecm" -k 1 -o "$S/faq-answers.jsonl" "$questions"
	fi
}

report_ready() { need ec-report; }
stage_report() {
	ec-report --date "$DATE" --top "$REPORT_TOP" -o "$S/report.html" "$OUT"
}

# ---- the run ----

mkdir -p "$OUT/logs" || die "cannot create '$OUT/logs'"
# the lock: held by this shell's descriptor 9 until it exits
if command -v flock >/dev/null 2>&1; then
	exec 9>"$OUT/.lock" || die "cannot open lock file '$OUT/.lock'"
	flock -n 9 || die "another run holds the lock on '$OUT' ($OUT/.lock)"
else
	mkdir "$OUT/.lock.d" 2>/dev/null ||
	    die "another run holds the lock on '$OUT' ($OUT/.lock.d; remove it if no run is active)"
	trap 'rmdir "$OUT/.lock.d"' EXIT
	trap 'rmdir "$OUT/.lock.d"; exit 130' HUP INT TERM
fi

run=$OUT/.run-$DATE
rm -rf "$OUT"/.run-*
S=$run/stage
W=$run/work
mkdir -p "$S" "$W" || die "cannot create '$run'"
: >"$OUT/logs/progress.log"
skipped=
t_run=$(now)
num=0
for stage in $stages; do
	num=$((num + 1))
	if [ -n "$only" ]; then
		case ",$only," in *",$stage,"*) ;; *) continue ;; esac
	fi
	log=$OUT/logs/$stage.log
	"${stage}_ready"
	case $? in
	0) ;;
	77) continue ;;
	*) die "stage $stage: cannot check whether it can run" ;;
	esac
	t0=$(now)
	progress "$stage" "running"
	rm -f "$W/pipe-failed"
	(
		set -e
		export S W OUT RAW DATE ASOF SEED
		"stage_$stage"
	) >"$log" 2>&1 </dev/null
	rc=$?
	[ "$rc" -eq 0 ] && [ -e "$W/pipe-failed" ] && rc=1
	if [ "$rc" -ne 0 ]; then
		progress "$stage" "FAILED after $(elapsed "$t0") (exit $rc)"
		[ "$quiet" = 1 ] || tail -n 5 "$log" | sed 's/^/    /' >&2
		echo "$prog: stage $stage failed; see $log (its outputs and those of later stages are the previous ones; work files in $run)" >&2
		exit 1
	fi
	# publish: each file renamed into place (atomic on one file system)
	made=
	for f in "$S"/* "$S"/.[!.]*; do
		[ -e "$f" ] || continue
		mv -f "$f" "$OUT/" || die "stage $stage: cannot move $f into $OUT"
		made="$made ${f##*/}"
	done
	progress "$stage" "ok in $(elapsed "$t0"):$made"
done
rm -rf "$run"
[ "$quiet" = 1 ] || echo "$prog: done in $(elapsed "$t_run")" >&2

# ---- the summary (one screen, from the files in OUT) ----

# jnum KEY FILE: the first number after "KEY": in FILE (flat JSON is enough)
jnum() {
	[ -s "$2" ] || return 0
	decompress "$2" | grep -o "\"$1\"[[:space:]]*:[[:space:]]*-\{0,1\}[0-9.eE+-]*" | head -n 1 |
	    sed 's/.*:[[:space:]]*//'
}
# rows FILE: its non-empty lines (CSV: minus the header with rows FILE 1)
rows() {
	if [ -s "$1" ]; then
		n=$(decompress "$1" | grep -c .)
		echo $((n - ${2:-0}))
	else
		echo 0
	fi
}
line() { printf '%-10s %s\n' "$1" "$2"; }

echo "ec nightly $DATE, seed $SEED: $RAW -> $OUT"
if [ -s "$OUT/events.jsonl.zst" ]; then
	line events "$(decompress "$OUT/events.jsonl.zst" | grep -o '"event":"[^"]*"' | cut -d'"' -f4 | sort | uniq -c |
	    awk '{ n += $1; s = s ", " $2 " " $1 } END { print n " (" substr(s, 3) ")" }')"
	rej=0
	for f in "$OUT"/rejects-*.jsonl; do [ -f "$f" ] && rej=$((rej + $(rows "$f"))); done
	line "" "$rej bad raw records kept in $OUT/rejects-*.jsonl"
fi
[ -s "$OUT/users.csv" ] && line features "$(rows "$OUT/users.csv" 1) users, $(rows "$OUT/items.csv" 1) items, $(rows "$OUT/baskets.csv" 1) baskets, $(rows "$OUT/docs.jsonl") documents, $(rows "$OUT/samples.csv" 1) CTR samples"
[ -s "$OUT/ctr-metrics.json" ] && line ctr "$CTR_MODEL on the last $CTR_TEST_DAYS days: AUC $(jnum auc "$OUT/ctr-metrics.json"), logloss $(jnum logloss "$OUT/ctr-metrics.json")"
if [ -s "$OUT/recommendations.jsonl" ]; then
	m=$OUT/metrics-ranking.json
	k1=${EVAL_K%%,*}
	line recommend "$(rows "$OUT/recommendations.jsonl") active users x $K items ($CF_MODEL); held out: Recall@$k1 $(jnum "recall@$k1" "$m"), NDCG@$k1 $(jnum "ndcg@$k1" "$m")"
fi
if [ -s "$OUT/forecast.csv" ]; then
	f=$OUT/forecast-metrics.json
	h="no series long enough to hold $HORIZON days out"
	[ -n "$(jnum smape "$f")" ] &&
	    h="held out: sMAPE $(jnum smape "$f") (Naive2 $(jnum smape_naive2 "$f")), MASE $(jnum mase "$f"), OWA $(jnum owa "$f")"
	line forecast "$(sed 1d "$OUT/forecast.csv" | cut -d, -f1 | sort -u | wc -l) series x $HORIZON days ahead; $h"
fi
[ -s "$OUT/prices.csv" ] && line price "$(rows "$OUT/fit.csv" 1) elasticities; $(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { d = $c["recommended"] - $c["price"]; if (d > 0.005) u++; else if (d < -0.005) l++ } END { printf "%d prices up, %d down", u, l }' "$OUT/prices.csv") (by at most $MAX_CHANGE)"
[ -s "$OUT/topics.jsonl" ] && line topics "$(rows "$OUT/topics.jsonl") topics of $(rows "$OUT/docs.jsonl") reviews and queries; shares per $TREND_BY forecast $TOPIC_HORIZON ahead"
if [ -f "$OUT/rules.jsonl" ]; then
	g=
	[ "$GUIDE" = yes ] && [ -f "$OUT/guide.jsonl" ] &&
	    g="; $(grep -c '"coupon":{' "$OUT/guide.jsonl") of $(rows "$OUT/guide.jsonl") recent baskets offered a coupon"
	line rules "$(rows "$OUT/rules.jsonl") rules (top lift $(jnum lift "$OUT/rules.jsonl"))$g"
fi
if [ -s "$OUT/faq-metrics.json" ]; then
	f=$OUT/faq-metrics.json
	line faq "$(jnum questions "$f") labelled questions: accuracy@1 $(jnum accuracy_at_1 "$f"), escalated $(jnum escalation_rate "$f") (out of scope: $(jnum escalated_out_of_scope "$f"))"
elif [ -s "$OUT/faq.ecm" ]; then
	line faq "knowledge base indexed into $OUT/faq.ecm"
fi
[ -s "$OUT/report.html" ] && line report "$OUT/report.html"
[ -n "$skipped" ] && printf '%s' "$skipped" | sed 's/^/skipped    /'
exit 0
