ec-train -m wd data/clicks.csv
