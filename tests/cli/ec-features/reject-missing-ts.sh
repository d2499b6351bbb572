# Guards: a record without ts stops the run with FILE:LINE, exit 1, and -o is not written.
cd "$EC_TMP" || exit 1
printf "{\"ts\":\"2024-01-01T00:00:00Z\",\"user\":\"u\",\"item\":\"i\",\"event\":\"view\"}\n{\"user\":\"u\",\"item\":\"i\",\"event\":\"view\"}\n" >bad.jsonl
ec-features users -o users.jsonl bad.jsonl
