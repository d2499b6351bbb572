# Guards: --time-format '%m/%d/%Y %H:%M' reads UCI Online Retail times such as '12/1/2010 8:26' (no zero padding).
printf 'user,item,event,ts\nu1,i1,view,12/1/2010 8:26\nu1,i1,view,12/10/2010 17:05\n' | ec-ingest -q --time-format '%m/%d/%Y %H:%M'
