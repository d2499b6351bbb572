# Guards: --help prints the usage (the man page SYNOPSIS) on stdout, exit 0; --version names the program.
ec-rules --help | head -6
ec-rules mine --help | head -1
ec-rules --version | head -1 | cut -d" " -f1,2
