#!/bin/sh
# deps.sh: install the Debian 12 packages that building, testing and the demo
# need (`sudo make deps`; .ci/run calls it too). Only missing packages are
# installed, so a second run is quick and needs no network.
# Why each library: see README.md, "Dependencies".
set -e
PKGS="make gcc pkg-config libcsv-dev libjansson-dev libzstd-dev libarchive-dev zlib1g-dev
libsodium-dev libutf8proc-dev libxxhash-dev libopenblas-dev libcmocka-dev tzdata zstd gzip bzip2 xz-utils
tar zip mandoc openssl python3 python3-jieba gnuplot-nox chromium"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && { echo "deps: all packages present"; exit 0; }
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "deps: installing$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
