ec-train -m nosuch x.csv
