#!/bin/sh
# The Debian packages the tests use, installed only when missing (root, or sudo):
#   postgresql — a real PostgreSQL server for the reference axis' shared store tests;
#   chromium   — renders the HTML certificate report headless in a test.
set -eu
packages="postgresql chromium"
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
