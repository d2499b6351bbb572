# Without --rejects the first bad record stops the run, naming the line.
ec-price fit data/prices.csv
