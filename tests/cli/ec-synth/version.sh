# --version names the program and the ec version first
ec-synth --version | head -n 1
