# --help prints the usage (the man page's SYNOPSIS) and exits 0
ec-nightly --help
ec-nightly --version | sed 's/[0-9][0-9.]*$/VERSION/'
