# Guards: --help prints the usage (the man page SYNOPSIS) on stdout, exit 0; --version names the program.
ec-faq --help | head -12
ec-faq answer --help | head -1
ec-faq --version | head -1 | cut -d" " -f1,2
