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
rm -rf "$ROOT/scenarios"
mkdir -p "$ROOT/scenarios" "$OUT"
cp tests/integration/debian/*.sh "$ROOT/scenarios/"
abs_root=$(cd "$ROOT" && pwd)

userns=
[ "$(id -u)" = 0 ] || userns=-r
chroot_bin=$(command -v chroot || echo /usr/sbin/chroot)
unshare_bin=unshare
for u in /usr/bin/unshare /bin/unshare; do
	if [ -x "$u" ]; then
		unshare_bin=$u
		break
	fi
done

# native_bash ARG...: runs /bin/bash ARG... as pid 1 in the root.
native_bash()
{
	timeout -k 5 "$TIMEOUT" "$unshare_bin" $userns --mount --pid --uts --fork --kill-child \
		sh -c '
		r=$1 h=$2 chroot_bin=$3
		shift 3
		mount --bind "$r" "$r" || exit 125
		mount -t proc proc "$r/proc" || exit 125
		mount --rbind /dev "$r/dev" || exit 125
		hostname "$h" || exit 125
		cd / || exit 125
		exec env -i "$@"
		' sh "$abs_root" "$HOSTNAME_" "$chroot_bin" "${GUEST_ENV[@]}" \
		"$chroot_bin" "$abs_root" /bin/bash "$@"
}

# run_native NAME FILE: reference run, output and status summarised into FILE.
run_native()
{
	native_bash "/scenarios/$1.sh" </dev/null >"$2.out" 2>"$2.err"
	summarise $? "$2"
}

# run_ukern NAME FILE
run_ukern()
{
	local envargs=() e
	for e in "${GUEST_ENV[@]}"; do
		envargs+=(-e "$e")
	done
	timeout -k 5 "$TIMEOUT" "$UKERN" run ${UKERN_PLATFORM:+--platform "$UKERN_PLATFORM"} \
		--root "$ROOT" "${envargs[@]}" --hostname "$HOSTNAME_" \
		-- /bin/bash "/scenarios/$1.sh" </dev/null >"$2.out" 2>"$2.err.raw"
	rc=$?
	# ukern's own log lines are prefixed "ukern:"; they are not the guest's.
	grep -v '^ukern:' "$2.err.raw" >"$2.err"
	summarise $rc "$2"
}


. tests/integration/scenarios.sh
check_native run-debian native_bash
run_scenarios debian tests/integration/debian "$@"
