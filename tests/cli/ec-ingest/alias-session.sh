# Guards: session_id and sessionId map to "session".
printf 'user,item,ts,event,session_id\nu1,i1,1709287200,view,S1\n' | ec-ingest -q
printf 'user,item,ts,event,sessionId\nu1,i1,1709287200,view,S2\n' | ec-ingest -q
