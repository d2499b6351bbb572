# Guards: --version prints the program and ec version, then the linked library versions (numbers
# masked here, they follow the system's packages), exit 0.
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
ec-ingest --version >"$t/out"
echo "exit=$?"
sed -n 1p "$t/out" | sed 's/) [0-9][0-9.]*$/) N/'
sed -n '2,$p' "$t/out" | sed 's/ [0-9][0-9.]*[0-9a-z]*/ N/g'
