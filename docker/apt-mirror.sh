#!/usr/bin/env bash
# Prints the Debian mirror this machine's apt uses (the first deb URI of /etc/apt/sources.list.d/*.sources, else of
# /etc/apt/sources.list), so scripts that debootstrap follow the machine rather than a host written in the repo.
set -euo pipefail
uri=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1 || true)
[ -n "$uri" ] || uri=$(awk '$1 == "deb" && $2 !~ /^\[/ { print $2; exit } $1 == "deb" { print $3; exit }' /etc/apt/sources.list 2>/dev/null || true)
[ -n "$uri" ] || { echo "apt-mirror.sh: no Debian mirror found in /etc/apt (set GW_DEBIAN_MIRROR)" >&2; exit 1; }
echo "$uri"
