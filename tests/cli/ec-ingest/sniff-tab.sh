# Guards: the delimiter TAB is sniffed from content (commas inside the text do not fool it).
printf 'user\titem\tts\tevent\ttext\nu1\ti1\t1709287200\tview\ta, b\nu2\ti2\t1709287201\tview\tc, d, e\n' | ec-ingest -q
