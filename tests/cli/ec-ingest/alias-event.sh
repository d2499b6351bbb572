# Guards: every built-in spelling of the event column (event_type behavior_type action) maps to "event".
printf 'user,item,ts,event_type\nu1,i1,1709287200,pv\n' | ec-ingest -q
printf 'user,item,ts,behavior_type\nu1,i1,1709287200,buy\n' | ec-ingest -q
printf 'user,item,ts,action\nu1,i1,1709287200,cart\n' | ec-ingest -q
