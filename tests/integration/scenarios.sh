# Shared by run-busybox.sh and run-debian.sh (sourced, bash): the namespaced
# native reference, the ukern run and the comparison loop.
# The caller sets UKERN, TIMEOUT, ROOT (already built), OUT, HOSTNAME_,
# GUEST_SHELL, the array GUEST_ENV, native_only, and calls stage_scenarios DIR
# before anything else here.

# stage_scenarios DIR: copies DIR/*.sh to /scenarios in the root and finds the
# host tools the native reference needs.
stage_scenarios()
{
	local u
	rm -rf "$ROOT/scenarios"
	mkdir -p "$ROOT/scenarios" "$OUT"
	cp "$1"/*.sh "$ROOT/scenarios/"
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
}

# native_shell ARG...: runs GUEST_SHELL ARG... with GUEST_ENV as pid 1 in the
# root, the way ukern runs it (see the top of run-busybox.sh).
native_shell()
{
	timeout -k 5 "$TIMEOUT" "$unshare_bin" $userns --mount --pid --uts --fork --kill-child \
		sh -c '
		r=$1 h=$2
		shift 2
		mount --bind "$r" "$r" || exit 125
		mount -t proc proc "$r/proc" || exit 125
		mount --rbind /dev "$r/dev" || exit 125
		hostname "$h" || exit 125
		cd / || exit 125
		exec env -i "$@"
		' sh "$abs_root" "$HOSTNAME_" "${GUEST_ENV[@]}" \
		"$chroot_bin" "$abs_root" "$GUEST_SHELL" "$@"
}

# run_native NAME FILE: reference run, output and status summarised into FILE.
run_native()
{
	native_shell "/scenarios/$1.sh" </dev/null >"$2.out" 2>"$2.err"
	summarise $? "$2"
}

# run_ukern NAME FILE
run_ukern()
{
	local envargs=() e rc
	for e in "${GUEST_ENV[@]}"; do
		envargs+=(-e "$e")
	done
	timeout -k 5 "$TIMEOUT" "$UKERN" run ${UKERN_PLATFORM:+--platform "$UKERN_PLATFORM"} \
		--root "$ROOT" "${envargs[@]}" --hostname "$HOSTNAME_" \
		-- "$GUEST_SHELL" "/scenarios/$1.sh" </dev/null >"$2.out" 2>"$2.err.raw"
	rc=$?
	# ukern's own log lines are prefixed "ukern:"; they are not the guest's.
	grep -v '^ukern:' "$2.err.raw" >"$2.err"
	summarise $rc "$2"
}

# summarise STATUS FILE: FILE gets stdout, stderr and the status of one run.
summarise()
{
	{
		cat "$2.out"
		echo "--- stderr ---"
		cat "$2.err"
		echo "--- exit status $1 ---"
	} >"$2"
}

# check_native LABEL: a broken native setup would fail the same way every
# time and so "pass" in -n mode, so the reference environment is probed first.
check_native()
{
	local probe
	probe=$(native_shell -c 'echo "probe $$ $(hostname)"; ls /proc/1/root' </dev/null 2>&1)
	case $probe in
	"probe 1 $HOSTNAME_"*) ;;
	*)
		echo "$1: cannot run the native reference (needs unshare from util-linux," >&2
		echo "$1: and root or unprivileged user namespaces):" >&2
		printf '%s\n' "$probe" | head -5 | sed 's/^/    /' >&2
		exit 2
		;;
	esac
}

# run_scenarios LABEL DIR [pattern...]: each DIR/*.sh natively and under ukern
# (or natively twice with -n), compared; prints "LABEL: N passed, N failed".
run_scenarios()
{
	local label=$1 dir=$2 pass=0 fail=0 failed= src name m p ref other
	shift 2
	for src in "$dir"/*.sh; do
		name=$(basename "$src" .sh)
		if [ $# -gt 0 ]; then
			m=0
			for p in "$@"; do
				case $name in *"$p"*) m=1 ;; esac
			done
			[ $m = 1 ] || continue
		fi
		ref=$OUT/$name.native
		run_native "$name" "$ref"
		if [ "$native_only" = 1 ]; then
			other=$OUT/$name.native2
			run_native "$name" "$other"
		else
			other=$OUT/$name.ukern
			run_ukern "$name" "$other"
		fi
		if cmp -s "$ref" "$other"; then
			pass=$((pass + 1))
			echo "ok - $name"
		else
			fail=$((fail + 1))
			failed="$failed $name"
			echo "not ok - $name"
			diff -u "$ref" "$other" | head -30 | sed 's/^/    /'
			if [ "$native_only" = 0 ]; then
				grep '^ukern:' "$other.err.raw" | head -5 | sed 's/^/    /'
			fi
		fi
	done
	[ -n "$failed" ] && echo "failed:$failed"
	echo "$label: $pass passed, $fail failed"
	[ $fail = 0 ]
}
