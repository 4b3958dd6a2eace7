#!/bin/bash
# Debian scenarios: runs each tests/integration/debian/X.sh with bash inside
# a Debian 12 root (scripts/mkroot-debian.sh) natively (namespaced chroot, as
# a reference) and under ukern, and compares stdout, stderr and exit status.
#
# Usage: tests/integration/run-debian.sh [-n] [pattern...]
#   -n       native self-check: no ukern; run every scenario natively twice
#            and compare the two runs (scenario output must be deterministic)
#   pattern  only scenarios whose name contains one of the patterns
#   UKERN=path/to/ukern (default build/ukern), DEBIAN_ROOT (default
#   build/debian-root), DEBIAN_TIMEOUT (seconds per run, default 120).
# Prints "ok - X" / "not ok - X" (with a diff) per scenario and a summary line
# "debian: N passed, N failed"; exits 1 on any failure, 2 if ukern is not
# built, the root cannot be built or the native reference cannot run.
# Outputs are kept in build/debian-out.
#
# The native reference is set up as in run-busybox.sh: pid 1 of new
# pid/mount/uts namespaces, the root bind-mounted on itself, /proc mounted,
# the host /dev bound into the root and the hostname set, because that is
# what a guest under ukern sees. The environment is the same -e list ukern
# gets. Scenarios work under /tmp and clean up, since both runs share the
# root's /tmp and /var/lib/dpkg.
set -u
cd "$(dirname "$0")/../.." || exit 2
UKERN=${UKERN:-build/ukern}
TIMEOUT=${DEBIAN_TIMEOUT:-120}
ROOT=${DEBIAN_ROOT:-build/debian-root}
OUT=build/debian-out
HOSTNAME_=debtest
GUEST_SHELL=/bin/bash
GUEST_ENV=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8)

native_only=0
if [ "${1:-}" = -n ]; then
	native_only=1
	shift
fi
if [ $native_only = 0 ] && [ ! -x "$UKERN" ]; then
	echo "run-debian: $UKERN not built" >&2
	exit 2
fi

scripts/mkroot-debian.sh "$ROOT" || {
	echo "run-debian: mkroot-debian.sh failed" >&2
	exit 2
}
. tests/integration/scenarios.sh
stage_scenarios tests/integration/debian
check_native run-debian
run_scenarios debian tests/integration/debian "$@"
