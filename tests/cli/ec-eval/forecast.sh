# Guards: ec-eval forecast on a hand-worked example (--season 1). S1: train
# 1..6 (MASE scale 1), truth 7, 8, forecast 6, 10: sMAPE (200/13 + 400/18)/2
# = 18.803419, MASE 1.5; Naive2 = naive 6, 6: sMAPE 21.978022, MASE 1.5;
# OWA 0.927778; 95% bounds [6,8], [9,10]: coverage 0.5, MSIS (2 + 1 + 40)/2
# = 21.5; RMSSE sqrt(2.5 / 1) = 1.581139. S2: step 3 is beyond the test
# values and ignored. Overall OWA from the overall means, as M4.
ec-eval forecast --by-series --train data/fc-train.csv --test data/fc-test.csv data/fc.csv
echo "-- stdin, jsonl, a missing forecast is an error"
ec-eval forecast --of jsonl --train data/fc-train.csv --test data/fc-test.csv < data/fc.csv
grep -v '^S2' data/fc.csv | ec-eval forecast --train data/fc-train.csv --test data/fc-test.csv
echo "exit $?"
echo "-- a duplicated forecast row is an error, not a silent overwrite"
{ cat data/fc.csv; sed -n 2p data/fc.csv; } > "$EC_TMP/dup.csv"
ec-eval forecast --train data/fc-train.csv --test data/fc-test.csv "$EC_TMP/dup.csv" 2>&1 | sed "s|$EC_TMP/||"
