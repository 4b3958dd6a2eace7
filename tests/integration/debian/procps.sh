#!/bin/bash
# procps: ps, top, free, uptime, pgrep, pkill, pidof, kill read /proc.
set -u
umask 022
# top creates $HOME/.config/procps: keep it out of the root's /root.
W=/tmp/deb-procps
rm -rf "$W"
mkdir -p "$W"
export HOME=$W

yn()
{
	if "$@" >/dev/null 2>&1; then echo yes; else echo no; fi
}

# Column widths follow /proc/sys/kernel/pid_max, which differs between
# kernels (and pid namespaces): squeeze blanks.
squeeze()
{
	awk '{$1 = $1; print}'
}

echo "pid: $$"
echo "== ps"
ps aux | head -1 | squeeze
echo "ps aux pid 1: $(ps aux | awk '$2 == 1 {print $1, $11, $12}')"
ps -eo pid,ppid,comm | head -1 | squeeze
ps -o pid=,comm= -p 1 | squeeze
ps -e -o comm= | grep -c '^ps$'
sleep 30 &
sl=$!
# The child runs bash until its exec of sleep: wait for that (up to 10 s), as Linux may race too.
for _ in $(seq 100); do [ "$(ps -o comm= -p $sl)" = sleep ] && break; sleep 0.1; done
echo "sleep listed: $(ps -o comm= -p $sl)"
echo "sleep ppid is 1: $(ps -o ppid= -p $sl | tr -d ' ')"
echo "ps -ef header: $(ps -ef | head -1 | squeeze)"
ps -o user=,stat= -p 1 | awk '{print $1, substr($2, 1, 1)}'
echo "pgrep: $(pgrep -x sleep | grep -c "^$sl$")"
echo "pidof: $(pidof sleep | grep -c "$sl")"
pkill -x sleep
wait $sl 2>/dev/null
echo "after pkill: $? $(pgrep -x sleep | wc -l)"
echo "== top"
# Only the labels: a busy host fills the %Cpu(s) field up to its label
# ("%Cpu(s):100.0 us"), so cut each first word at its first digit.
top -bn1 | head -5 | awk '{sub(/[0-9].*/, "", $1); print $1}'
top -bn1 | grep -E '^ *PID' | awk '{print $1, $2, $NF}'
echo "top lists pid 1: $(top -bn1 | awk '$1 == 1' | wc -l)"
echo "== free, uptime, vmstat"
free | awk 'NR == 1 {print $1, $2, $3} NR > 1 {print $1}'
free -m | awk '$1 == "Mem:" {print ($2 > 0) ? "total ok" : "total zero"}'
echo "uptime: $(yn uptime)"
uptime | grep -c 'load average'
vmstat | head -2 | tail -1 | awk '{print $1, $2, $NF}'
echo "== sysctl, w"
sysctl -n kernel.ostype 2>/dev/null || echo "no sysctl"
echo "w runs: $(yn w)"
cd / && rm -rf "$W"
echo "done"
