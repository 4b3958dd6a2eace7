#!/bin/bash
# Builds a Debian 12 (bookworm) guest root filesystem for ukern.
# Usage: scripts/mkroot-debian.sh [DIR]     (default build/debian-root)
#
# debootstrap --variant=minbase plus the packages in PACKAGES below (shells,
# text tools, python3, perl, gcc, make, git, dpkg/apt, procps, CPython's
# regression tests). Idempotent and quick when cached: DIR/.ukern-stamp
# records what was built and a complete DIR with the same stamp is left
# alone. The root is built in DIR.tmp and renamed to DIR only when complete,
# so an interrupted build never looks finished. Downloaded .debs are kept in
# DIR.debs so that a rebuild with a changed package list downloads only the
# new ones. Needs root (debootstrap, chroot). Environment: MIRROR (default
# http://deb.debian.org/debian), SUITE (default bookworm).
set -eu -o pipefail

STAMP_VERSION=1
SUITE=${SUITE:-bookworm}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
HOSTNAME_=debtest
PACKAGES="bash coreutils findutils grep sed gawk diffutils tar gzip xz-utils
dpkg apt python3 perl gcc make libc6-dev sqlite3 git file less procps
ca-certificates libpython3.11-testsuite tmux netbase python3.11-dev"

DIR=${1:-build/debian-root}
DIR=${DIR%/}
case $DIR in
/ | '') echo "mkroot-debian: refusing to use '$DIR' as root" >&2; exit 2 ;;
esac

pkgs=$(echo $PACKAGES | tr ' ' '\n' | sort -u | tr '\n' ' ')
pkgs=${pkgs% }
want="mkroot-debian $STAMP_VERSION $SUITE $MIRROR: $pkgs"
if [ -f "$DIR/.ukern-stamp" ] && [ "$(cat "$DIR/.ukern-stamp")" = "$want" ]; then
	exit 0
fi

if [ "$(id -u)" != 0 ]; then
	echo "mkroot-debian: must run as root (debootstrap)" >&2
	exit 1
fi
if ! command -v debootstrap >/dev/null; then
	echo "mkroot-debian: installing debootstrap" >&2
	apt-get install -y -q debootstrap >&2 ||
		{ apt-get update -q >&2 && apt-get install -y -q debootstrap >&2; }
fi

mkdir -p "$(dirname "$DIR")"
DIR=$(cd "$(dirname "$DIR")" && pwd)/$(basename "$DIR")
TMP=$DIR.tmp
CACHE=$DIR.debs

# unmount_under D: a debootstrap that was interrupted may leave proc, sysfs
# or device mounts in its target; take them down before deleting it.
unmount_under()
{
	local m
	awk -v d="$1" '$2 == d || index($2, d "/") == 1 {print $2}' /proc/self/mounts |
		sort -r | while read -r m; do
		umount -l "$m" || true
	done
}

unmount_under "$TMP"
rm -rf "$TMP"
mkdir -p "$CACHE"
start=$(date +%s)
log=$DIR.log
echo "mkroot-debian: debootstrap $SUITE into $TMP (log in $log)" >&2
if ! debootstrap --variant=minbase --cache-dir="$CACHE" \
	--include="$(echo "$pkgs" | tr ' ' ',')" \
	"$SUITE" "$TMP" "$MIRROR" >"$log" 2>&1; then
	tail -20 "$log" >&2
	[ -f "$TMP/debootstrap/debootstrap.log" ] &&
		tail -20 "$TMP/debootstrap/debootstrap.log" >&2
	unmount_under "$TMP"
	echo "mkroot-debian: debootstrap failed" >&2
	exit 1
fi
unmount_under "$TMP"

# Every requested package must really be installed.
missing=
for p in $pkgs; do
	st=$(chroot "$TMP" dpkg-query -W -f '${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "mkroot-debian: not installed:$missing" >&2
	exit 1
fi

echo "$HOSTNAME_" >"$TMP/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' \
	"$HOSTNAME_" >"$TMP/etc/hosts"
grep -q '^root:' "$TMP/etc/passwd" || {
	echo "mkroot-debian: no root in /etc/passwd" >&2
	exit 1
}
mkdir -p "$TMP/tmp" "$TMP/root" "$TMP/proc" "$TMP/dev" "$TMP/sys"
chmod 1777 "$TMP/tmp"
rm -rf "$TMP"/tmp/* "$TMP"/var/cache/apt/archives/*.deb
chroot "$TMP" apt-get clean >/dev/null 2>&1 || true

echo "$want" >"$TMP/.ukern-stamp"
if [ -e "$DIR" ]; then
	unmount_under "$DIR"
	rm -rf "$DIR"
fi
mv "$TMP" "$DIR"
end=$(date +%s)
size=$(du -sh "$DIR" | cut -f1)
npkg=$(chroot "$DIR" dpkg-query -W -f '${db:Status-Status}\n' | grep -c '^installed$')
echo "mkroot-debian: $DIR: Debian $SUITE, $npkg packages, $size, built in $((end - start))s"
