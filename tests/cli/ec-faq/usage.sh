# Guards: usage errors exit 2 with one line and a hint.
ec-faq
ec-faq ask
ec-faq index data/kb.jsonl
ec-faq answer data/questions.csv
ec-faq answer -m x.ecm --k1 2
ec-faq index --b 2 -o x.ecm data/kb.jsonl
ec-faq pairs --serve data/pairs.tsv
