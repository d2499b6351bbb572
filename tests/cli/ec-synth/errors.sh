# Runtime errors exit 1 with a message naming the path, and leave nothing.
cd "$EC_TMP" || exit 1
: >file
ec-synth --users 5 --items 30 --days 1 -o file 2>&1
echo "exit $?"
ec-synth --users 5 --items 30 --days 1 -o file/sub 2>&1
echo "exit $?"
ls -A
