# Guards: every method runs on a weekly-seasonal daily series (epoch seconds
# in, dates out) and an intermittent one; names in the model column.
for m in naive snaive naive2 ses holt damped comb ets theta otm croston sba tsb auto; do
	ec-forecast -q -h 2 --model $m data/daily.csv | cut -d, -f1,2,3,9 | sed 1d
done
echo "-- seasonal naive values repeat the last week"
ec-forecast -q -h 7 --model snaive data/daily.csv | grep '^weekly' | cut -d, -f2,4
