# --help prints the usage (the man page SYNOPSIS and options) to stdout, exit 0
ec-synth --help
