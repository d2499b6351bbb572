# Guards: CRLF line ends are line ends: no CR in the last field (event, text) or in the header's last
# name; output uses LF.
printf 'user,item,ts,event\r\nu1,i1,1709287200,view\r\nu2,i2,1709287201,buy\r\n' | ec-ingest -q
printf 'user,item,ts,event,text\r\nu1,i1,1709287200,review,good\r\n' | ec-ingest -q --of csv
