# The fixture's report in headless Chromium (Debian's chromium): every plot
# loaded with a non-zero size, no error in the console, nothing fetched from
# elsewhere. The screenshot is kept as $EC_BUILD/report-fixture.png.
ec-report --date 2024-03-31 -o "$EC_TMP/report.html" data || exit 1
mkdir -p "${EC_BUILD:-../../../build}"
sh data/check-page "$EC_TMP/report.html" "${EC_BUILD:-../../../build}/report-fixture.png"
