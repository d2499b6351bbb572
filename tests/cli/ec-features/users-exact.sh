# Guards: the command of the issue works as written, on zstd input, into a file.
here=$(pwd)
cd "$EC_TMP" || exit 1
mkdir bin && ln -s "$(command -v ec-features)" bin/ec-features
zstd -q -o events.jsonl.zst "$here/data/events.jsonl" || exit 1
bin/ec-features users --as-of 2024-04-01T00:00:00Z events.jsonl.zst > users.jsonl
echo "exit=$?"
cat users.jsonl
