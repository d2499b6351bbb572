# Guards: --no-header --columns names the columns of a headerless file; the first row is data.
ec-ingest --no-header --columns user,item,ts,event data/noheader.csv
