# Guards: a UTF-8 byte order mark before the header is dropped, so the first column ("user") is recognised.
printf '\357\273\277user,item,ts,event\nu1,i1,1709287200,view\n' | ec-ingest -q
printf '\357\273\277user_id,item,ts,event\r\nu1,i1,1709287200,view\r\n' | ec-ingest -q
