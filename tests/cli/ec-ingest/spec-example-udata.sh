# Guards: the spec's second example, exactly as written, on MovieLens u.data lines
# (user TAB item TAB rating TAB epoch seconds): ratings become rate events with value, CSV out.
cd data && ec-ingest --if tsv --no-header --columns user,item,value,ts --set event=rate --of csv u.data
