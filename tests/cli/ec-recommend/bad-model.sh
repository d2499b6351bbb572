# Guards: a file that is not a model, and a model of another kind, are
# clear errors.
ec-recommend -m data/events.csv data/events.csv
