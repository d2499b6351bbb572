# Guards: rating maps to "value" (written as a JSON number).
printf 'user,item,ts,event,rating\nu1,i1,1709287200,rate,4\nu1,i2,1709287200,rate,4.5\n' | ec-ingest -q
