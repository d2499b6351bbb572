ec-recommend data/events.csv
