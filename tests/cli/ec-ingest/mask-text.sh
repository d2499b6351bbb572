# Guards: --mask-text replaces e-mail addresses by <email> and phone numbers (+86 138 1234 5678,
# (555) 123-4567, 13812345678) by <phone> in the text column, whole, in Latin and CJK text;
# prices and other ordinary numbers stay; without the option the text is untouched.
ec-ingest -q --mask-text data/reviews.csv
ec-ingest -q data/reviews.csv | sed -n 1p
