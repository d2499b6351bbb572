# --help prints the usage (the man page's SYNOPSIS) and exits 0
ec-report --help
ec-report --version | sed 's/[0-9][0-9.]*$/VERSION/'
