# Guards: --help prints the usage (the man page SYNOPSIS) on stdout, exit 0.
ec-forecast --help | head -5
ec-forecast --version | head -1 | cut -d" " -f1,2
