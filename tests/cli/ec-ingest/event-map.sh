# Guards: --event-map adds spellings (matched on the lower-cased value), and wins over a built-in one.
printf 'user,item,ts,event\nu1,i1,1709287200,Bestellung\nu1,i2,1709287200,merkzettel\nu1,i3,1709287200,pv\nu1,i4,1709287200,other\n' |
    ec-ingest -q --event-map 'bestellung=purchase,merkzettel=fav' --event-map pv=click
