ec-train x.csv
