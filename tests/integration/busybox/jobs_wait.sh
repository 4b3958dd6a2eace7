#!/bin/sh
# Background jobs: &, wait, $!, $?, kill and signal exit statuses, fifos.
set -u
umask 022
S=/tmp/bbtest-jobs
rm -rf "$S"
mkdir -p "$S" && cd "$S" || exit 1

sleep 0.1
echo "sleep 0.1: $?"
sleep 0.1 &
p=$!
case $p in
'' | *[!0-9]*) echo "\$! not numeric: $p" ;;
*) echo "\$! numeric" ;;
esac
wait $p
echo "wait sleep: $?"
(exit 7) &
wait $!
echo "wait subshell: $?"
# The job-status messages ("Terminated") depend on whether the signal lands before or after
# the child's exec, which is a race on Linux too: they go to /dev/null, the statuses are kept.
sleep 10 &
p=$!
kill $p
wait $p 2>/dev/null
echo "killed sleep: $?"
sleep 10 &
p=$!
kill -9 $p
wait $p 2>/dev/null
echo "kill -9 sleep: $?"
sleep 10 &
p=$!
kill -s USR1 $p
wait $p 2>/dev/null
echo "kill USR1 sleep: $?"
if kill -0 $p 2>/dev/null; then echo "still there"; else echo "reaped pid gone"; fi
for i in 1 2 3; do
	(echo "job $i" >j$i) &
done
wait
echo "wait all: $?"
cat j1 j2 j3
wait
echo "wait with no children: $?"
kill 99999 2>/dev/null
echo "kill nonexistent: $?"

# a trap in a background subshell; a fifo says when it is installed
mkfifo ready
(
	trap 'echo "child got TERM"; exit 9' TERM
	echo ready >ready
	while :; do sleep 0.05; done
) &
p=$!
read r <ready
echo "child says $r"
kill -TERM $p
wait $p
echo "trapped child: $?"

# pipeline through a fifo with a background writer
mkfifo pipe
seq 1 5 >pipe &
w=$!
sum=0
while read -r n; do sum=$((sum + n)); done <pipe
wait $w
echo "fifo sum: $sum, writer: $?"

# In a subshell whose stderr is dropped: whether ash prints "Terminated" depends on
# whether it reaps sleep or timeout's orphaned watcher first, which is a race on Linux too.
(timeout 1 sleep 5) 2>/dev/null
echo "timeout: $?"
timeout 5 true
echo "timeout not hit: $?"

cd / && rm -rf "$S"
