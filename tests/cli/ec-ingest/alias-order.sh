# Guards: order_id and InvoiceNo map to "order", which stays a string even when it looks like a number.
printf 'user,item,ts,event,order_id\nu1,i1,1709287200,buy,o-17\n' | ec-ingest -q
printf 'user,item,ts,event,InvoiceNo\nu1,i1,1709287200,buy,536365\n' | ec-ingest -q
