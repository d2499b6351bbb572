# Guards: robustness cases (constant, all-zero, a single non-zero value,
# negatives, a gap filled with zero and a duplicate time summed, one value),
# the Forecast contract's columns, dates continuing the input's grid.
ec-forecast -h 3 --model auto data/small.csv
echo "-- --fill interpolate on the gap (2, 4, [6, 8], 11)"
ec-forecast -q -h 1 --model naive --fill interpolate data/small.csv | grep '^gap'
