#!/bin/sh
# What the system looks like from inside: pid 1, /proc, ps, top, df, free,
# mount, date, uname, hostname, /dev nodes. Only stable facts are printed.
set -u
umask 022

yn()
{
	if "$@" >/dev/null 2>&1; then echo yes; else echo no; fi
}

echo "pid: $$"
echo "ppid: $PPID"
echo "cmdline of 1: $(tr '\0' ' ' </proc/1/cmdline)"
echo "exe of self: $(readlink /proc/self/exe)"
echo "root of self: $(readlink /proc/self/root)"
cd /srv/data && echo "cwd of a child: $(readlink /proc/self/cwd)"
cd /
echo "status Name lines: $(cat /proc/self/status | grep -c Name)"
grep '^Name:' /proc/self/status
echo "status has Pid/PPid/Uid: $(grep -c -E '^(Pid|PPid|Uid):' /proc/self/status)"
echo "stat of self: $(awk '{print $2}' /proc/self/stat)"
echo "/proc/self is a symlink: $(yn test -L /proc/self)"
echo "/proc/1 present: $(yn test -d /proc/1)"
echo "fd dir lists 0 1 2: $(ls /proc/self/fd | grep -c -E '^[012]$')"
echo "meminfo MemTotal: $(grep -c '^MemTotal:' /proc/meminfo)"
echo "cpuinfo has processors: $(yn grep -q '^processor' /proc/cpuinfo)"
echo "loadavg fields: $(awk '{print NF}' /proc/loadavg)"
echo "uptime fields: $(awk '{print NF}' /proc/uptime)"

echo "== ps"
ps | awk 'NR == 1 {print $1, $NF}'
echo "shell listed: $(yn sh -c 'ps | grep -q "[/]bin/sh /scenarios/sysinfo.sh"')"
ps -o pid,comm | awk '$1 == 1 {print $1, $2}'
sleep 5 &
sl=$!
echo "background sleep listed: $(ps -o pid | awk -v p=$sl '$1 == p {print "yes"}')"
kill $sl
wait $sl 2>/dev/null
echo "== top"
top -bn1 | head -3 | awk '{print $1}'
echo "top PID header: $(top -bn1 | grep -c '^ *PID.*COMMAND')"
echo "== free"
echo "free Mem: $(free | grep -c '^Mem:')"
free | awk 'NR == 1 {print $1, $2, $3}'
echo "== df"
out=$(df /)
echo "df status: $?"
echo "$out" | awk 'NR == 1 {print $1} NR == 2 {print "mounted on", $NF}'
echo "== mount"
echo "mount lists /proc: $(mount | grep -c ' on /proc type proc')"
echo "/proc/mounts lists /proc: $(grep -c '^proc /proc proc' /proc/mounts)"
echo "== date"
echo "year has 4 digits: $(date +%Y | grep -c '^[0-9][0-9][0-9][0-9]$')"
date -u -d @86400 '+%Y-%m-%d %H:%M:%S'
date -u -d '2021-02-03 04:05:06' +%s
TZ=UTC0 date -d @0 +%A
echo "seconds advance: $(a=$(date +%s); sleep 1.1; b=$(date +%s); [ $b -gt $a ] && echo yes)"
echo "== uname, hostname"
uname -s
uname -m
echo "uname -r nonempty: $(yn test -n "$(uname -r)")"
hostname
uname -n
cat /etc/hostname
echo "== /dev"
for d in null zero urandom random; do
	echo "/dev/$d char device: $(yn test -c /dev/$d)"
done
echo "zero bytes: $(head -c 10 /dev/zero | od -An -tx1 | tr -d ' ')"
echo "urandom bytes: $(head -c 16 /dev/urandom | wc -c)"
echo discarded >/dev/null
echo "null read: $(wc -c </dev/null)"
echo "== misc"
echo "nproc >= 1: $(yn test "$(nproc)" -ge 1)"
echo "uptime runs: $(yn uptime)"
echo "env: $(env | sort | tr '\n' ' ')"
