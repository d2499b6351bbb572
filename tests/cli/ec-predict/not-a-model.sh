# A file that is not a model is refused before any record is read.
ec-predict -m data/clicks.csv data/clicks.csv
