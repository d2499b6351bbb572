# Usage errors exit 2: an option of another subcommand, a bad number.
ec-price fit --catalog x.csv data/prices.csv
echo "exit $?"
ec-price optimize --fit x --catalog y --max-change 2
echo "exit $?"
ec-price simulate --policy static,best
echo "exit $?"
ec-price
echo "exit $?"
