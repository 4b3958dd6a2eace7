#!/bin/sh
# trap: EXIT, signals sent to self (pid 1 with a handler), ignored signals,
# subshell EXIT traps. The script deliberately ends with "exit 3" so the exit
# status path is checked too.
set -u
umask 022
S=/tmp/bbtest-trap
rm -rf "$S"
mkdir -p "$S" && cd "$S" || exit 1

trap 'echo "EXIT trap: status $?"; cd /; rm -rf "$S"' EXIT
traps=$(trap)
echo "$traps" | grep -c "EXIT"

trap 'echo "got USR1"' USR1
kill -USR1 $$
echo "after USR1"
trap 'echo "got HUP"' HUP
kill -HUP $$
trap - USR1 HUP
trap '' USR2
kill -USR2 $$
echo "USR2 ignored"
trap - USR2

(trap 'echo "subshell EXIT"' EXIT; echo "in subshell")
echo "subshell done"
(trap 'echo "subshell exit status $?"' EXIT; exit 4)
echo "subshell status: $?"
sh -c 'trap "echo child EXIT" EXIT; kill -TERM $$; echo not reached'
echo "child killed: $?"
sh -c 'trap "echo child TERM; exit 11" TERM; kill -TERM $$; echo not reached'
echo "child trapped: $?"
sh -c 'trap "" TERM; kill -TERM $$; echo "child ignored TERM"'
echo "child ignoring: $?"

f()
{
	trap 'echo "INT trap set in function"' INT
}
f
kill -INT $$
trap - INT

echo "exiting"
exit 3
