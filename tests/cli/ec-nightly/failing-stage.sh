# A stage that fails stops the run with exit 1, names itself and its log,
# and leaves the previous night's outputs of its own and of later stages
# untouched (the same files, not rewritten), while earlier stages' outputs
# are the new ones.
out=$EC_TMP/out
ec-nightly -q --date 2024-01-29 data/shop "$out" >/dev/null 2>&1
echo "first night: exit $?"
inode() { ls -i "$out/$1" 2>/dev/null | cut -d' ' -f1; }
for f in events.jsonl.zst users.csv rules.jsonl guide.jsonl faq.ecm report.html; do
	eval "before_$(echo "$f" | tr -c 'a-z\n' _)=\$(inode \$f)"
done
# the second night's baskets file has a bad record: the rules stage fails
printf 'BASKETS = bad-baskets.csv\n' >"$EC_TMP/bad.conf"
mkdir "$EC_TMP/raw" && cp data/shop/* "$EC_TMP/raw/"
printf 'order,user,ts,items\no1,u1,2024-01-02T00:00:00Z,a b\no2,u2,2024-01-03T00:00:00Z,a "b\n' >"$EC_TMP/raw/bad-baskets.csv"
ec-nightly -c "$EC_TMP/bad.conf" --date 2024-01-29 "$EC_TMP/raw" "$out" >"$EC_TMP/stdout" 2>"$EC_TMP/stderr"
echo "second night: exit $?"
grep 'rules' "$EC_TMP/stderr" | grep -v ': running$' | sed "s|$EC_TMP|TMP|g; s/ in [0-9.]* s/ in N s/; s/after [0-9.]* s/after N s/"
echo "stdout: $(wc -c <"$EC_TMP/stdout") bytes"
for f in events.jsonl.zst users.csv rules.jsonl guide.jsonl faq.ecm report.html; do
	eval "b=\$before_$(echo "$f" | tr -c 'a-z\n' _)"
	if [ "$b" = "$(inode "$f")" ]; then echo "$f: untouched"; else echo "$f: replaced"; fi
done
echo "rules.log:"
sed "s|$EC_TMP|TMP|g" "$out/logs/rules.log"
# the next good night replaces everything and clears the staging area
ec-nightly -q --date 2024-01-29 data/shop "$out" >/dev/null 2>&1
echo "third night: exit $?, staging left: $(ls -a "$out" | grep -c '^\.run-')"
