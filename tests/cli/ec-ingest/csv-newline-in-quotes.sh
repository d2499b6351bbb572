# Guards: a newline inside a quoted field stays in the value (escaped as \n in JSON), the record's raw
# text keeps it, and the line numbers of later records still count physical lines.
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
printf 'user,item,ts,event,text\nu1,i1,1709287200,review,"first line\nsecond line"\n,i2,1709287200,view,\nu3,"i\n3",1709287200,view\nu4,i4,1709287200,view,ok\n' >"$t/in.csv"
ec-ingest --rejects "$t/bad.jsonl" "$t/in.csv"
sed "s|$t/||" "$t/bad.jsonl"
