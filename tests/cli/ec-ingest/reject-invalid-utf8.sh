# Guards: a CSV record with an ill-formed UTF-8 byte is rejected naming the byte's position in the record.
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
printf 'user,item,ts,event\nu1,i1,1709287200,view\nu2,i\377,1709287200,view\n' >"$t/bad.csv"
cd "$t" && ec-ingest bad.csv >/dev/null
