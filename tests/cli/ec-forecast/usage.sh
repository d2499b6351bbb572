# Guards: usage errors exit 2 with one line and a hint.
ec-forecast --model nosuch data/small.csv
ec-forecast -h 0 data/small.csv
ec-forecast --fill maybe data/small.csv
ec-forecast --freq fortnight data/small.csv
