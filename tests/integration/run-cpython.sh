#!/bin/bash
# CPython's own regression tests (Debian's libpython3.11-testsuite) inside a Debian 12 guest,
# against the same tests run natively in a namespaced chroot of the same root.
#
# Usage: tests/integration/run-cpython.sh [-q] [module...]
#   -q  the quick fixed subset CI runs (the full list otherwise; `make check-python`)
# Each module's result (pass, fail, timeout) inside ukern is compared with
# tests/integration/cpython-expected.txt: a module listed there may fail inside
# ukern (its line says why); any other module must pass inside whenever it passes
# natively. Prints "cpython: N passed, N failed" and exits non-zero on a regression.
set -u
cd "$(dirname "$0")/../.." || exit 2
UKERN=${UKERN:-build/ukern}
ROOT=${DEBIAN_ROOT:-build/debian-root}
OUT=build/cpython-out
TIMEOUT=${CPYTHON_TIMEOUT:-900}
GUEST_ENV=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8)
FULL="test_os test_posix test_subprocess test_signal test_select test_selectors test_fcntl
test_threading test_thread test_tempfile test_shutil test_glob test_pathlib test_io test_fileio
test_file test_mmap test_pty test_time test_datetime test_stat test_socket test_sys test_sysconfig
test_json test_sqlite3 test_tarfile test_zipfile test_gzip test_unittest test_logging
test_multiprocessing_fork test_asyncio"
QUICK="test_json test_stat test_glob test_fileio test_file test_gzip test_fcntl test_select
test_tempfile test_thread test_mmap test_posix test_shutil test_time test_pathlib"

modules=$FULL
if [ "${1:-}" = -q ]; then
	modules=$QUICK
	shift
fi
[ $# -gt 0 ] && modules="$*"
[ -x "$UKERN" ] || { echo "run-cpython: $UKERN not built" >&2; exit 2; }
scripts/mkroot-debian.sh "$ROOT" >/dev/null || { echo "run-cpython: no Debian root" >&2; exit 2; }
[ -d "$ROOT/usr/lib/python3.11/test" ] || { echo "run-cpython: libpython3.11-testsuite missing" >&2; exit 2; }
mkdir -p "$OUT"
abs_root=$(cd "$ROOT" && pwd)
# Both sides run as pid 1 and regrtest names its scratch directory in $TMPDIR after the pid:
# each side gets its own TMPDIR, and nothing of an earlier run may be left over.
rm -rf "$ROOT"/tmp/test_python_* "$ROOT"/tmp/@test_* "$ROOT"/tmp/cpy-native "$ROOT"/tmp/cpy-ukern
declare -A EXPECT
while read -r m why; do
	case $m in ''|'#'*) continue ;; esac
	EXPECT[$m]=$why
done < tests/integration/cpython-expected.txt

native() {
	timeout -k 5 "$TIMEOUT" unshare --mount --pid --uts --fork --kill-child sh -c '
		r=$1; shift
		mount --bind "$r" "$r" && mount -t proc proc "$r/proc" && mount --rbind /dev "$r/dev" || exit 125
		hostname cpytest; cd / && exec env -i "$@"' sh "$abs_root" "${GUEST_ENV[@]}" \
		chroot "$abs_root" /bin/sh -c "mkdir -p /tmp/cpy-native && cd /tmp/cpy-native && TMPDIR=/tmp/cpy-native exec python3 -m test -q $1"
}

guest() {
	mkdir -p "$ROOT/tmp/cpy-ukern"
	timeout -k 5 "$TIMEOUT" "$UKERN" run --root "$ROOT" --hostname cpytest \
		$(printf -- '-e %s ' "${GUEST_ENV[@]}") -e TMPDIR=/tmp/cpy-ukern -w /tmp/cpy-ukern -- \
		/usr/bin/python3 -m test -q "$1"
}

verdict() {
	local rc=$1 log=$2
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then echo timeout
	elif grep -q "Tests result: SUCCESS" "$log"; then echo pass
	else echo fail; fi
}

pass=0 fail=0
for m in $modules; do
	s0=$(date +%s)
	native "$m" >"$OUT/$m.native" 2>&1
	nv=$(verdict $? "$OUT/$m.native")
	s1=$(date +%s)
	guest "$m" >"$OUT/$m.ukern" 2>&1
	gv=$(verdict $? "$OUT/$m.ukern")
	s2=$(date +%s)
	line="$m: native $nv ($((s1 - s0)) s), ukern $gv ($((s2 - s1)) s)"
	if [ "$gv" = pass ] || [ "$nv" != pass ] || [ -n "${EXPECT[$m]+x}" ]; then
		pass=$((pass + 1))
		[ -n "${EXPECT[$m]+x}" ] && [ "$gv" != pass ] && line="$line [expected: ${EXPECT[$m]}]"
		[ -n "${EXPECT[$m]+x}" ] && [ "$gv" = pass ] && line="$line [listed as failing, now passes]"
		echo "ok - $line"
	else
		fail=$((fail + 1))
		echo "not ok - $line"
		grep -E "^(FAIL|ERROR):|Error|failed" "$OUT/$m.ukern" | head -8 | sed 's/^/    /'
	fi
done
echo "cpython: $pass passed, $fail failed"
[ $fail = 0 ]
