# Guards: price and UnitPrice map to "price" (written as a JSON number).
printf 'user,item,ts,event,price\nu1,i1,1709287200,buy,2.5\n' | ec-ingest -q
printf 'user,item,ts,event,UnitPrice\nu1,i1,1709287200,buy,3.75\n' | ec-ingest -q
