#!/bin/sh
# Busybox scenarios: runs each tests/integration/busybox/X.sh inside a busybox
# root natively (chroot, as a reference) and under ukern, and compares stdout,
# stderr and exit status.
#
# Usage: tests/integration/run-busybox.sh [-n] [pattern...]
#   -n       native self-check: no ukern; run every scenario natively twice
#            and compare the two runs (scenario output must be deterministic)
#   pattern  only scenarios whose name contains one of the patterns
#   UKERN=path/to/ukern (default build/ukern), BUSYBOX_TIMEOUT (default 60).
# Prints "ok - X" / "not ok - X" (with a diff) per scenario and a summary line;
# exits 1 on any failure, 2 if ukern is not built or the native reference
# cannot run. Outputs are kept in build/busybox-out.
#
# The native reference runs as pid 1 of new pid/mount/uts namespaces, with
# the root bind-mounted on itself (so "/" is a mount point inside the chroot),
# /proc mounted, the host /dev bound into the root and the hostname set to
# "bbtest", because that is what a guest under ukern sees: ukern runs the
# program as pid 1 with its own /proc and /dev. Needs root (or unprivileged
# user namespaces, then "unshare -r" is used).
set -u
cd "$(dirname "$0")/../.." || exit 2
UKERN=${UKERN:-build/ukern}
TIMEOUT=${BUSYBOX_TIMEOUT:-60}
ROOT=build/busybox-root
OUT=build/busybox-out
HOSTNAME_=bbtest

native_only=0
if [ "${1:-}" = -n ]; then
	native_only=1
	shift
fi
if [ $native_only = 0 ] && [ ! -x "$UKERN" ]; then
	echo "run-busybox: $UKERN not built" >&2
	exit 2
fi

sh tests/integration/mkroot-busybox.sh "$ROOT" || {
	echo "run-busybox: mkroot-busybox.sh failed" >&2
	exit 2
}
rm -rf "$ROOT/scenarios"
mkdir -p "$ROOT/scenarios" "$OUT"
cp tests/integration/busybox/*.sh "$ROOT/scenarios/"
abs_root=$(cd "$ROOT" && pwd)

userns=
[ "$(id -u)" = 0 ] || userns=-r
chroot_bin=$(command -v chroot || echo /usr/sbin/chroot)
# util-linux's unshare, not a shell's built-in busybox applet of that name
unshare_bin=unshare
for u in /usr/bin/unshare /bin/unshare; do
	if [ -x "$u" ]; then
		unshare_bin=$u
		break
	fi
done

# native_sh ARG...: runs /bin/sh ARG... as pid 1 in the root (see the top).
native_sh()
{
	timeout -k 5 "$TIMEOUT" "$unshare_bin" $userns --mount --pid --uts --fork --kill-child \
		sh -c '
		r=$1 h=$2 chroot_bin=$3
		shift 3
		mount --bind "$r" "$r" || exit 125
		mount -t proc proc "$r/proc" || exit 125
		mount --rbind /dev "$r/dev" || exit 125
		hostname "$h" || exit 125
		exec env -i PATH=/bin:/sbin HOME=/root "$chroot_bin" "$r" /bin/sh "$@"
		' sh "$abs_root" "$HOSTNAME_" "$chroot_bin" "$@"
}

# run_native NAME FILE: reference run, output and status summarised into FILE.
run_native()
{
	native_sh "/scenarios/$1.sh" </dev/null >"$2.out" 2>"$2.err"
	summarise $? "$2"
}

# run_ukern NAME FILE
run_ukern()
{
	timeout -k 5 "$TIMEOUT" "$UKERN" run ${UKERN_PLATFORM:+--platform "$UKERN_PLATFORM"} \
		--root "$ROOT" --hostname "$HOSTNAME_" -e PATH=/bin:/sbin -e HOME=/root \
		-- /bin/sh "/scenarios/$1.sh" </dev/null >"$2.out" 2>"$2.err.raw"
	rc=$?
	# ukern's own log lines are prefixed "ukern:"; they are not the guest's.
	grep -v '^ukern:' "$2.err.raw" >"$2.err"
	summarise $rc "$2"
}


. tests/integration/scenarios.sh
check_native run-busybox native_sh
run_scenarios busybox tests/integration/busybox "$@"
