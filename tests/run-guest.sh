#!/usr/bin/env bash
# Runs each tests/guest/<area>/<name>.c natively and inside ukern, and compares
# stdout+stderr and exit status. Usage: tests/run-guest.sh [-t tag] [-x tag] [pattern...]
#   UKERN=path/to/ukern (default build/ukern), UKERN_PLATFORM=ptrace,
#   GUEST_LIBC="glibc musl" (musl only where musl-gcc is installed),
#   GUEST_DISK=1: the guest's root is an ext4 image (a fresh copy per test, checked
#   with e2fsck -fn afterwards) with the test programs mounted from the host at /t.
set -u
cd "$(dirname "$0")/.."
UKERN=${UKERN:-build/ukern}
OUT=${GUEST_OUT:-build/guest}
TIMEOUT=${GUEST_TIMEOUT:-30}
want_tag= skip_tag=
while getopts "t:x:" o; do
	case $o in
	t) want_tag=$OPTARG ;;
	x) skip_tag=$OPTARG ;;
	*) echo "usage: $0 [-t tag] [-x tag] [pattern...]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ -x "$UKERN" ] || { echo "run-guest: $UKERN not built" >&2; exit 2; }
libcs=${GUEST_LIBC:-glibc musl}
command -v musl-gcc >/dev/null || libcs=${libcs//musl/}

root=$OUT/root
mkdir -p "$root/t" "$root/tmp" "$root/proc" "$root/dev" "$root/sys" "$root/scratch"
chmod 1777 "$root/tmp"

disk=${GUEST_DISK:-}
if [ -n "$disk" ]; then
	# The image's tree: the directories every test may use; /t comes from the host.
	skel=$OUT/disk-skel
	rm -rf "$skel" && mkdir -p "$skel/t" "$skel/tmp" "$skel/proc" "$skel/dev" "$skel/sys" "$skel/scratch"
	chmod 1777 "$skel/tmp"
	for src in tests/guest/*/*.c; do
		a=$(basename "$(dirname "$src")"); [ "$a" = lib ] && continue
		for libc in $libcs; do mkdir -p "$skel/scratch/${a}_$(basename "$src" .c).$libc.g"; done
	done
	"$UKERN" mkimage --size 256M "$skel" "$OUT/disk-base.img" >/dev/null || { echo "run-guest: mkimage failed" >&2; exit 2; }
fi

pass=0 fail=0 skip=0 xfail=0
failed_list=()
declare -A XF
if [ -f tests/guest/xfail.txt ]; then
	while read -r name rest; do
		case $name in ''|'#'*) continue ;; esac
		XF[$name]=$rest
	done < tests/guest/xfail.txt
fi

for src in tests/guest/*/*.c; do
	area=$(basename "$(dirname "$src")")
	[ "$area" = lib ] && continue
	name=$area/$(basename "$src" .c)
	if [ $# -gt 0 ]; then
		m=0
		for p in "$@"; do case $name in *$p*) m=1 ;; esac; done
		[ $m = 1 ] || continue
	fi
	tags=$(head -1 "$src" | sed -n 's/.*tags:\(.*\)\*\/.*/\1/p')
	if [ -n "$want_tag" ] && ! grep -qw -- "$want_tag" <<<"$tags"; then continue; fi
	if [ -n "$skip_tag" ] && grep -qw -- "$skip_tag" <<<"$tags"; then continue; fi
	for libc in $libcs; do
		if [ $libc = musl ] && grep -qw glibc-only <<<"$tags"; then continue; fi
		cc=gcc; [ $libc = musl ] && cc=musl-gcc
		bin=$root/t/$name.$libc
		mkdir -p "$(dirname "$bin")"
		if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ] || [ -n "$(find tests/guest/lib -newer "$bin" -print -quit)" ]; then
			if ! $cc -static -O1 -g -Wall -Werror -D_GNU_SOURCE -Itests/guest/lib -o "$bin" "$src" -lpthread 2>"$bin.cc.log"; then
				echo "not ok - $name.$libc (build failed)"; cat "$bin.cc.log"
				fail=$((fail + 1)); failed_list+=("$name.$libc"); continue
			fi
		fi
		id=${name//\//_}.$libc
		rm -rf "$root/scratch/$id.n" "$root/scratch/$id.g"
		mkdir -p "$root/scratch/$id.n" "$root/scratch/$id.g"
		if grep -qw sandbox-only <<<"$tags"; then
			nrc=0; : >"$OUT/$id.native"
		else
			absbin=$(realpath "$bin")
			(cd "$root/scratch/$id.n" && timeout -k 5 "$TIMEOUT" "$absbin" </dev/null) >"$OUT/$id.native" 2>&1
			nrc=$?
		fi
		if [ -n "$disk" ]; then
			img=$OUT/disk-$id.img
			cp --sparse=always "$OUT/disk-base.img" "$img"
			rootargs=(--disk "$img" --mount "$(realpath "$root/t"):/t:ro")
		else
			rootargs=(--root "$root")
		fi
		timeout -k 5 "$TIMEOUT" "$UKERN" run ${UKERN_PLATFORM:+--platform "$UKERN_PLATFORM"} \
			"${rootargs[@]}" -w "/scratch/$id.g" -- "/t/$name.$libc" </dev/null >"$OUT/$id.guest" 2>"$OUT/$id.guest.err"
		grc=$?
		ok=1
		if [ -n "$disk" ]; then
			if ! e2fsck -fn "$img" >"$OUT/$id.fsck" 2>&1; then
				ok=0; echo "    e2fsck -fn found problems in the image:"; sed 's/^/    /' "$OUT/$id.fsck" | head -20
			fi
			rm -f "$img" "$img.wal"
		fi
		if grep -qw sandbox-only <<<"$tags"; then
			[ $grc = 0 ] || ok=0
		else
			[ $nrc = $grc ] || ok=0
			# stderr of the guest program is in .guest.err together with ukern's own log lines
			# (prefixed "ukern:"); the program's stderr is compared after removing those.
			grep -v '^ukern:' "$OUT/$id.guest.err" >>"$OUT/$id.guest"
			cmp -s "$OUT/$id.native" "$OUT/$id.guest" || ok=0
			[ $nrc = 0 ] || { grep -qw nonzero-exit <<<"$tags" || ok=0; }
		fi
		if [ $ok = 1 ]; then
			pass=$((pass + 1)); echo "ok - $name.$libc"
		elif [ -n "${XF[$name]+x}" ]; then
			xfail=$((xfail + 1)); echo "xfail - $name.$libc (${XF[$name]})"
		else
			fail=$((fail + 1)); failed_list+=("$name.$libc")
			echo "not ok - $name.$libc (native rc=$nrc, guest rc=$grc)"
			diff -u "$OUT/$id.native" "$OUT/$id.guest" | head -30 | sed 's/^/    /'
			grep '^ukern:' "$OUT/$id.guest.err" | head -5 | sed 's/^/    /'
		fi
	done
done
[ ${#failed_list[@]} -gt 0 ] && echo "failed: ${failed_list[*]}"
echo "guest: $pass passed, $fail failed, $xfail skipped"
[ $fail = 0 ]
