# Guards: the source spellings fav, favorite, wishlist become the event "fav".
for e in fav favorite wishlist Wishlist; do
	printf 'user,item,ts,event\nu1,i-%s,1709287200,%s\n' "$e" "$e" | ec-ingest -q
done
