# Guards: split --test-from sends records at or after the time to test, in input order;
# a CSV output from JSONL input takes the union of the keys as header; -z compresses the files.
here=$(pwd)
cd "$EC_TMP" || exit 1
ec-features split --test-from 2024-03-29 --of csv -z -o out "$here/data/events.jsonl"
ls out
zstd -dc out/test.csv.zst
