# Guards: --rejects FILE writes each bad record as JSONL {source, line, reason, raw} (raw without its
# line end, ill-formed UTF-8 replaced by U+FFFD so the file stays valid JSON) and the run goes on:
# exit 0, good records written, the summary counts them.
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
printf 'user,item,ts,event,price\nu1,i1,1709287200,view,1.5\n,i2,1709287200,view,2\nu3,i3,2023-02-30,view,3\nu4,i4,1709287200,view,-1\nu5,i5,1709287200,view\nu6,"i,6",1709287200,view,4\nu7,i\3777,1709287200,view,1\n' >in.csv
ec-ingest --rejects bad.jsonl in.csv
echo "exit=$?"
cat bad.jsonl
