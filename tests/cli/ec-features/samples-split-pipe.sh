# Guards: the pipeline of the issue works as written: samples piped into a per-user split
# of the last sample (u1: 4 rows -> 3 train + 1 test; u2 3 -> 2 + 1; u3 2 -> 1 + 1).
here=$(pwd)
cd "$EC_TMP" || exit 1
mkdir bin && ln -s "$(command -v ec-features)" bin/ec-features
cp "$here/data/events.jsonl" .
bin/ec-features samples events.jsonl | bin/ec-features split --test-last 1 -o split/
echo "exit=$?"
ls split
echo "== train"; cat split/train.jsonl
echo "== test"; cat split/test.jsonl
