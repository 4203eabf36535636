#!/usr/bin/env bash
# Runs a command inside a Debian 13 (trixie) root filesystem, for what needs a newer libstdc++ than Debian 12 has:
# TorchSharp's native shim needs GLIBCXX_3.4.32 (GCC 13), Debian 12 ships GCC 12's. The rootfs is made once with
# debootstrap (from the mirror this machine's apt uses) and cached; each run bind-mounts the host's .NET (read-only),
# the NuGet cache and the repository at their own paths, runs the command as root from the current directory, shuts
# the .NET build servers down and unmounts everything again, also when the command fails or is interrupted.
#
#   tests/torchsharp/rootfs.sh [--] COMMAND [ARGS...]   run COMMAND inside (e.g. dotnet test --no-build ...)
#   tests/torchsharp/rootfs.sh --ensure                 only make the rootfs (if it is not cached yet)
#
# Needs root and Debian's debootstrap (installed if missing). GW_TRIXIE_ROOTFS moves the cache (default
# /var/cache/gradientweb/trixie-rootfs); GW_DEBIAN_MIRROR overrides the mirror.
set -euo pipefail

ROOT=${GW_TRIXIE_ROOTFS:-/var/cache/gradientweb/trixie-rootfs}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
NUGET=${NUGET_PACKAGES:-$HOME/.nuget/packages}
DOTNET=$(dirname "$(readlink -f "$(command -v dotnet)")")
# Bump when the recipe below changes, so a cached rootfs made by an older recipe is made again.
RECIPE=1

fail() { echo "rootfs.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "needs root (debootstrap, mount, chroot)"

make_rootfs() {
  command -v debootstrap >/dev/null || {
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=900 debootstrap >/dev/null
  }
  local mirror tmp="$ROOT.new"
  mirror=${GW_DEBIAN_MIRROR:-$("$REPO/docker/apt-mirror.sh")}
  echo "== making the Debian 13 rootfs in $ROOT (debootstrap, once)"
  umount_all "$tmp" 2>/dev/null || true
  rm -rf "$tmp"
  mkdir -p "$(dirname "$ROOT")"
  debootstrap --variant=minbase trixie "$tmp" "$mirror" >"$tmp.log" 2>&1 || { tail -n 20 "$tmp.log" >&2; fail "debootstrap failed (log: $tmp.log)"; }
  cp /etc/resolv.conf "$tmp/etc/resolv.conf"
  mount -t proc proc "$tmp/proc"
  # What the .NET runtime needs on trixie: ICU, TLS roots, GSSAPI (System.Net.Security loads it).
  if ! chroot "$tmp" env DEBIAN_FRONTEND=noninteractive sh -c 'apt-get update -qq && apt-get install -y -qq --no-install-recommends libicu76 ca-certificates libgssapi-krb5-2 >/dev/null && apt-get clean'; then
    umount "$tmp/proc"; fail "apt-get inside the rootfs failed"
  fi
  umount "$tmp/proc"
  ln -sf /usr/share/dotnet/dotnet "$tmp/usr/bin/dotnet"
  echo "$RECIPE" >"$tmp/.gradientweb-rootfs"
  rm -rf "$ROOT" "$tmp.log"
  mv "$tmp" "$ROOT"
}

# Unmounts whatever is mounted under $1, deepest first.
umount_all() {
  local dir
  dir=$(readlink -f "$1")
  awk -v d="$dir" '$2 == d || index($2, d "/") == 1 { print $2 }' /proc/self/mounts | sort -r | while read -r m; do
    umount "$m" 2>/dev/null || umount -l "$m"
  done
}

bind() { # bind SRC DST [ro]
  mkdir -p "$ROOT$2"
  mount --bind "$1" "$ROOT$2"
  [ "${3:-}" != ro ] || mount -o remount,bind,ro "$ROOT$2"
}

mkdir -p "$(dirname "$ROOT")"
# One user of the rootfs at a time: its mounts are shared state.
exec 9>"$ROOT.lock"
flock 9

[ "$(cat "$ROOT/.gradientweb-rootfs" 2>/dev/null)" = "$RECIPE" ] || make_rootfs
[ "${1:-}" = --ensure ] && exit 0
[ "${1:-}" = -- ] && shift
[ $# -gt 0 ] || fail "usage: rootfs.sh [--ensure | [--] COMMAND [ARGS...]]"

cleanup() {
  chroot "$ROOT" /usr/bin/dotnet build-server shutdown >/dev/null 2>&1 || true
  umount_all "$ROOT"
}
trap cleanup EXIT

umount_all "$ROOT" # a run killed before its trap could leave mounts behind
mount -t proc proc "$ROOT/proc"
mount -t sysfs sys "$ROOT/sys"
mount --bind /dev "$ROOT/dev"
mount -t devpts -o newinstance,ptmxmode=0666 devpts "$ROOT/dev/pts" 2>/dev/null || mount --bind /dev/pts "$ROOT/dev/pts"
mount -t tmpfs tmpfs "$ROOT/tmp"
bind "$DOTNET" /usr/share/dotnet ro
mkdir -p "$NUGET"
bind "$NUGET" "$NUGET"
bind "$REPO" "$REPO"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"

cd_to=$(pwd)
case "$cd_to" in "$REPO"*) ;; *) cd_to=$REPO ;; esac
# No network for NuGet inside: restore on the host, and keep NuGet's audit (NU1900) quiet here.
# In the background and waited for, so an interrupt reaches this script at once: it stops the command, then unmounts.
chroot "$ROOT" /usr/bin/env -i HOME="$HOME" PATH=/usr/local/bin:/usr/bin:/bin TERM="${TERM:-dumb}" \
  DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 NUGET_PACKAGES="$NUGET" \
  NuGetAudit=false GW_IN_TRIXIE_ROOTFS=1 \
  /bin/sh -c 'cd "$1" && shift && exec "$@"' sh "$cd_to" "$@" <&0 &
child=$!
trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; exit 143' INT TERM
wait "$child"
