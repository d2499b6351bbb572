ec-eval
