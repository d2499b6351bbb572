# Guards: the source spellings addtocart, add_to_cart, cart become the event "cart".
for e in addtocart add_to_cart cart AddToCart; do
	printf 'user,item,ts,event\nu1,i-%s,1709287200,%s\n' "$e" "$e" | ec-ingest -q
done
