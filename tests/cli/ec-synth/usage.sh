# Bad usage: one line naming the problem, "Try ... --help", exit 2; nothing
# is written.
t() {
	echo "\$ ec-synth $*"
	ec-synth "$@" 2>&1
	echo "exit $?"
}
cd "$EC_TMP" || exit 1
t --users 20
t -o
t --users 0 -o x
t --users 12x -o x
t --items 0 -o x
t --days 3661 -o x
t --scale -1 -o x
t --scale abc -o x
t --start 2023-02-29 -o x
t --start 2024-1-1 -o x
t --lang fr -o x
t --lang en,en -o x
t --lang zh,en,zh -o x
t --seed -1 -o x
t --users 2000 --scale 30000 -o x
t -o x extra
t --bogus -o x
ls
