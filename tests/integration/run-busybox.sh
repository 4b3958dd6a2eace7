#!/bin/bash
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
GUEST_SHELL=/bin/sh
GUEST_ENV=(PATH=/bin:/sbin HOME=/root)

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
. tests/integration/scenarios.sh
stage_scenarios tests/integration/busybox
check_native run-busybox
run_scenarios busybox tests/integration/busybox "$@"
