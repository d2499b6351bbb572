# Guards: --help prints the usage (mirroring the man page SYNOPSIS) on stdout, exit 0, before or
# after the subcommand; --version names the program.
ec-features --help | head -12
ec-features users --help | head -1
ec-features --version | head -1 | cut -d" " -f1,2
