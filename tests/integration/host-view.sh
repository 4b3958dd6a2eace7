#!/bin/bash
# What the host sees of a guest: each guest process is one host process, a
# child of ukern, whose command line (host ps "args") is
# "ukern:GUEST[PID] ARGV..." and whose name (ps "comm") is "uPID:COMM".
# GUEST is --name, or ukern's host pid without one. And a guest that waits
# (sleep, a pipe read, a read with a timeout) costs no host CPU. A stub holds
# no host fd but its pass socket (4) and, on the seccomp platform, its own
# sysmsg memfd (5): not ukern's stdio, not another's socket, no file.
# And ukern's own fds do not grow with the guest processes that came and went,
# and names the guest looked up before follow changes the host makes.
#
# Usage: tests/integration/host-view.sh   (UKERN=path/to/ukern, default build/ukern)
set -u
cd "$(dirname "$0")/../.." || exit 2
UKERN=${UKERN:-build/ukern}
ROOT=build/busybox-root
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok - host-view/$1"; }
bad() { fail=$((fail + 1)); echo "not ok - host-view/$1"; shift; printf '    %s\n' "$@"; }

# children UKERN_PID: "hostpid<TAB>comm<TAB>cmdline" of each host child of ukern.
children() {
	local c
	for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do
		printf '%s\t%s\t%s\n' "$c" "$(cat /proc/"$c"/comm 2>/dev/null)" \
			"$({ tr '\0' ' ' </proc/"$c"/cmdline; } 2>/dev/null | sed 's/ $//')"
	done
}

# check TEST GUEST_NAME [ukern options...]: a shell with two sleeps, seen from the host.
# shows LIST NAME: the shell and both sleeps, each named and titled as it should be.
shows() {
	grep -qP "^\d+\tu1:sh\tukern:\Q$2\E\[1\] /bin/sh -c sleep 30 & sleep 31; wait$" <<<"$1" &&
		grep -qP "^\d+\tu\d:sleep\tukern:\Q$2\E\[\d\] sleep 30$" <<<"$1" &&
		grep -qP "^\d+\tu\d:sleep\tukern:\Q$2\E\[\d\] sleep 31$" <<<"$1"
}

check() {
	local test=$1 name=$2 pid list i
	shift 2
	"$UKERN" run "$@" --root "$ROOT" -- /bin/sh -c 'sleep 30 & sleep 31; wait' >/dev/null 2>&1 </dev/null &
	pid=$!
	[ "$name" = PID ] && name=$pid
	# Up to 10 s for both children to have exec'd (a child caught between fork and exec
	# shows no title yet).
	for i in $(seq 100); do
		list=$(children $pid)
		shows "$list" "$name" && break
		sleep 0.1
	done
	# The fds once the guest is idle: a stub holds a file's fd for a moment while it maps it.
	sleep 0.5
	fds=$(stub_fds $pid)
	kill -TERM $pid 2>/dev/null
	wait $pid 2>/dev/null
	if shows "$list" "$name"; then
		ok "$test"
	else
		bad "$test" "host children of ukern (pid, comm, cmdline):" "$list"
	fi
	if [ -n "$fds" ] && ! grep -qvE '^4 socket:|^5 /memfd:ukern-sysmsg ' <<<"$fds"; then
		ok "$test-stub-fds"
	else
		bad "$test-stub-fds" "host fds of the stubs (fd and target; want only 4, a socket, and 5, the sysmsg memfd):" "$fds"
	fi
}

# stub_fds UKERN_PID: "fd target" of each host fd each stub (not the zygote) holds, one per line.
stub_fds() {
	local c
	for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do
		[ "$(cat /proc/"$c"/comm 2>/dev/null)" = ukern-zygote ] && continue
		for f in /proc/"$c"/fd/*; do
			[ -e "$f" ] || [ -L "$f" ] || continue
			echo "${f##*/} $(readlink "$f")"
		done
	done
}

# ticks PID: CPU clock ticks used so far by ukern (all its threads) and its live stubs.
ticks() {
	local t=0 p f
	for p in "$1" $(cat /proc/"$1"/task/*/children 2>/dev/null); do
		f=$(cat /proc/"$p"/stat 2>/dev/null) || continue
		f=${f##*) }
		set -- $f
		t=$((t + ${12} + ${13}))
	done
	echo $t
}

# idle TEST CMD: a guest blocked in CMD costs (almost) no host CPU: at most 2% over 2 s.
idle() {
	local test=$1 pid a b
	"$UKERN" run --root "$ROOT" -- /bin/sh -c "$2" >/dev/null 2>&1 </dev/null &
	pid=$!
	sleep 1 # start-up and the clock's first calibration are not idle
	a=$(ticks $pid)
	sleep 2
	b=$(ticks $pid)
	kill -TERM $pid 2>/dev/null
	wait $pid 2>/dev/null
	if [ $((b - a)) -le $(($(getconf CLK_TCK) * 2 * 2 / 100)) ]; then
		ok "idle-$test"
	else
		bad "idle-$test" "a guest blocked in '$2' used $((b - a)) clock ticks of host CPU in 2 s"
	fi
}

# ukern_fds N: ukern's host fd count once a guest ran N processes that each made a big
# write (which puts an fd into their stubs) and then idles in sleep.
ukern_fds() {
	local pid c i
	"$UKERN" run --root "$ROOT" -- /bin/sh -c "i=0; while [ \$i -lt $1 ]; do
		dd if=/dev/zero of=/tmp/fdgrowth bs=1M count=1 2>/dev/null; i=\$((i + 1)); done
		rm -f /tmp/fdgrowth; exec sleep 10" >/dev/null 2>&1 </dev/null &
	pid=$!
	for i in $(seq 100); do
		for c in $(cat /proc/$pid/task/*/children 2>/dev/null); do
			[ "$(cat /proc/"$c"/comm 2>/dev/null)" = u1:sleep ] && break 2
		done
		sleep 0.1
	done
	sleep 0.3
	ls /proc/$pid/fd | wc -l
	kill -TERM $pid 2>/dev/null
	wait $pid 2>/dev/null
}

# no-fd-growth: 20 processes leave ukern with the fds one process does.
fd_growth() {
	local one twenty
	one=$(ukern_fds 1)
	twenty=$(ukern_fds 20)
	if [ "$one" = "$twenty" ]; then
		ok no-fd-growth
	else
		bad no-fd-growth "ukern held $one host fds after one guest process, $twenty after twenty"
	fi
}

# host-changes: names the guest looked up before (ukern keeps unused hostfs
# dentries) follow what the host does to the shared root meanwhile: a file
# replaced by a rename, a directory moved away.
host_changes() {
	local d=$ROOT/tmp/hostchg pid i out
	rm -rf "$d" "$d.out"
	mkdir -p "$d/dir"
	echo one >"$d/f"
	echo in >"$d/dir/g"
	"$UKERN" run --root "$ROOT" -- /bin/sh -c '
		cat /tmp/hostchg/f /tmp/hostchg/dir/g >/dev/null; stat -c %s /tmp/hostchg/f; touch /tmp/hostchg/ready
		i=0; while [ ! -e /tmp/hostchg/go ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
		stat -c %s /tmp/hostchg/f; cat /tmp/hostchg/f; cat /tmp/hostchg/dir/g 2>/dev/null || echo gone
		cat /tmp/hostchg/moved/g' >"$d.out" 2>/dev/null </dev/null &
	pid=$!
	for i in $(seq 100); do
		[ -e "$d/ready" ] && break
		sleep 0.1
	done
	echo three >"$d/f.new"
	mv "$d/f.new" "$d/f"
	mv "$d/dir" "$d/moved"
	touch "$d/go"
	wait $pid
	out=$(tr '\n' ' ' <"$d.out")
	if [ "$out" = "4 6 three gone in " ]; then
		ok host-changes
	else
		bad host-changes "the guest saw: $out" "expected: 4 6 three gone in"
	fi
	rm -rf "$d" "$d.out"
}

[ -x "$UKERN" ] || { echo "host-view: $UKERN not built" >&2; exit 2; }
sh tests/integration/mkroot-busybox.sh "$ROOT" || exit 2
check named hostview-test --name hostview-test
check unnamed PID
idle sleep 'sleep 10'
idle pipe-read 'sleep 10 | read x'
idle poll 'mkfifo /tmp/f; exec 3<>/tmp/f; read -t 10 x <&3'
fd_growth
host_changes
echo "host-view: $pass passed, $fail failed"
[ $fail = 0 ]
