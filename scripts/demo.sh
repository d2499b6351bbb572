#!/bin/sh
# demo.sh: `make demo`. The nightly job on sample-data/, as cron would run
# it: ec-nightly takes the shop's raw logs (sample-data/raw: a tar.gz of
# daily click CSVs in Shanghai time, zstd JSONL orders, a gzip'd review
# export) and its tables (sample-data/shop: catalog, prices, FAQ) through
# every stage into out/, then prints the summary; out/report.html is the
# report. The settings are sample-data/nightly.conf (see ec-nightly(1)).
# Stages whose program this build lacks are skipped and listed.
set -e
BIN=${EC_BIN:-bin}
IN=${1:-sample-data}
OUT=${2:-out}
"$BIN/ec-nightly" -c "$IN/nightly.conf" "$IN" "$OUT"
