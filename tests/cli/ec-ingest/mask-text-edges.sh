# Guards: --mask-text keeps the full stop after an address, and leaves
# dates (with a time after them), IP addresses, decimals and version numbers
# alone while masking phone numbers in their usual spellings.
printf 'ts,user,item,event,text\n2024-01-01,u,i,view,"write to me at john@example.com. Delivered 2024-03-01 12:30 to 192.168.10.1, paid 12345.67 with v1.2.3; call (030) 123-4567, +86 138 1234 5678 or 13812345678"\n' |
	ec-ingest -q --mask-text
