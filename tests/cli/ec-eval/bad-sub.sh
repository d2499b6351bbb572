ec-eval nosuch
