#!/bin/sh
# make-ctr-corpus.sh: the seed corpus of fuzz_ctr from tiny lr, wd and din
# models trained on tests/cli/ec-train/data/clicks.csv: each model file
# itself, and its metadata JSON, a NUL byte and its uncompressed payload
# (the container's fields read by offset; zstd -d for the payload).
# Run from the top of the repository after `make`.
set -eu
out=tests/fuzz/corpus/fuzz_ctr
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for m in lr wd din; do
	bin/ec-train -q -m $m --num price --seq hist_items --target item --cross user:category \
		--bits 8 --dim 2 --hidden 3 --att-hidden 2 --epochs 1 -o "$tmp/$m.ecm" \
		tests/cli/ec-train/data/clicks.csv
	cp "$tmp/$m.ecm" "$out/$m.ecm"
	python3 - "$tmp/$m.ecm" "$tmp/$m.frame" "$tmp/$m.meta" <<'PY'
import struct, sys
b = open(sys.argv[1], "rb").read()
k = struct.unpack_from("<I", b, 12)[0]
o = 16 + k
mlen = struct.unpack_from("<I", b, o)[0]
meta = b[o + 4:o + 4 + mlen]
o += 4 + mlen
plen, clen = struct.unpack_from("<QQ", b, o)
open(sys.argv[2], "wb").write(b[o + 16:o + 16 + clen])
open(sys.argv[3], "wb").write(meta)
PY
	zstd -q -d -c "$tmp/$m.frame" > "$tmp/$m.payload"
	{ cat "$tmp/$m.meta"; printf '\0'; cat "$tmp/$m.payload"; } > "$out/$m-split.bin"
	# damaged: the payload cut in half
	n=$(wc -c < "$out/$m-split.bin")
	head -c $((n - n / 4)) "$out/$m-split.bin" > "$out/$m-split-cut.bin"
done
