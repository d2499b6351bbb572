# Guards: the delimiter '|' is sniffed from content (commas inside the text do not fool it).
printf 'user|item|ts|event|text\nu1|i1|1709287200|view|a, b\nu2|i2|1709287201|view|c, d, e\n' | ec-ingest -q
