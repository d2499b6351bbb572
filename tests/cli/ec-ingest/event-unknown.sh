# Guards: an event value outside the vocabulary and the built-in spellings passes through lower-cased
# and trimmed; vocabulary words in other cases are lower-cased too.
printf 'user,item,ts,event\nu1,i1,1709287200,Share\nu1,i2,1709287200, COMPARE \nu1,i3,1709287200,SEARCH\n' | ec-ingest -q
