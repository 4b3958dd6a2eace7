# Shared by run-busybox.sh and run-debian.sh (sourced, bash): the comparison loop.
# The caller defines run_native NAME FILE, run_ukern NAME FILE and a native shell
# function, and sets OUT, HOSTNAME_ and native_only.

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

# check_native LABEL SHELL_FN: a broken native setup would fail the same way every
# time and so "pass" in -n mode, so the reference environment is probed first.
check_native()
{
	local probe
	probe=$("$2" -c 'echo "probe $$ $(hostname)"; ls /proc/1/root' </dev/null 2>&1)
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
