# Guards: "" inside a quoted field is one literal quote; JSON output escapes it, CSV output doubles it again.
printf 'user,item,ts,event,text\nu1,i1,1709287200,review,"say ""hi"" twice"\n' | ec-ingest -q
printf 'user,item,ts,event,text\nu1,i1,1709287200,review,"say ""hi"" twice"\n' | ec-ingest -q --of csv
