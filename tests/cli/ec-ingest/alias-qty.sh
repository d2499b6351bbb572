# Guards: quantity and Quantity map to "qty" (written as a JSON number).
printf 'user,item,ts,event,quantity\nu1,i1,1709287200,buy,3\n' | ec-ingest -q
printf 'user,item,ts,event,Quantity\nu1,i1,1709287200,buy,4\n' | ec-ingest -q
