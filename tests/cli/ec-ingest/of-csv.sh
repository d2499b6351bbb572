# Guards: --of csv writes the full canonical header ts,user,item,event,qty,price,value,order,session,
# category,dwell,text in that order whatever the input order, empty cells for absent fields, and
# RFC 4180 quoting where a value needs it.
ec-ingest -q --of csv data/full.csv
