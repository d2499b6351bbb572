# Guards: the external sort gives the same tables when --memory 64K forces many runs on
# disk as when everything fits (3000 generated events of 60 users, in scrambled order).
cd "$EC_TMP" || exit 1
awk "BEGIN { for (i = 0; i < 3000; i++) { j = (i * 7919) % 3000; printf \"{\\\"ts\\\":%d,\\\"user\\\":\\\"u%d\\\",\\\"item\\\":\\\"i%d\\\",\\\"event\\\":\\\"%s\\\",\\\"price\\\":%d,\\\"category\\\":\\\"c%d\\\"}\\n\", 1700000000 + j * 97, j % 60, j % 37, (j % 5 ? \"view\" : \"purchase\"), j % 50 + 1, j % 7 } }" >ev.jsonl
for s in users items sessions samples sales baskets; do
	ec-features $s -q ev.jsonl >a
	ec-features $s -q --memory 64K ev.jsonl >b
	if cmp -s a b; then echo "$s: same, $(wc -l <a) rows"; else echo "$s: DIFFERENT"; fi
done
