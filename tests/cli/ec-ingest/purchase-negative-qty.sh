# Guards: a purchase with a negative quantity (a cancelled invoice line) becomes a "return" with the
# positive quantity; the price stays; positive purchases are untouched.
ec-ingest data/negqty.csv
