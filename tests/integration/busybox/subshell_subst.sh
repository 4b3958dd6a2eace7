#!/bin/sh
# Subshells, command substitution, variable scoping, sh -c.
set -u
umask 022
S=/tmp/bbtest-subst
rm -rf "$S"
mkdir -p "$S" && cd "$S" || exit 1

X=outer
(X=inner; echo "in: $X")
echo "out: $X"
(exit 3)
echo "subshell status: $?"
(cd /srv/data && pwd)
pwd
v=$(echo hello | tr a-z A-Z)
echo "upper: $v"
v=`echo back ticks`
echo "backticks: $v"
echo "nested: $(echo "$(echo "$(echo deep)")")"
n=$(printf 'a\n\n\n')
echo "trailing newlines stripped: [$n]"
echo "entries in tree: $(ls /srv/data/tree | wc -l)"
echo "arith of subst: $(( $(echo 6) * $(echo 7) ))"
$(exit 5)
echo "empty subst status: $?"
v=$(false)
echo "assignment subst status: $?"
if [ "$(echo $$)" = "$$" ] && [ "$( (echo $$) )" = "$$" ]; then
	echo "\$\$ same in subshells"
fi
echo x | read y
echo "pipeline var: ${y-unset}"
count=0
for f in $(ls /srv/data); do count=$((count + 1)); done
echo "loop over subst: $count"
{ echo group1; echo group2; } | wc -l
{ G=set-in-group; }
echo "group var: $G"
sh -c 'exit 4'
echo "sh -c status: $?"
sh -c 'echo "$0 $1 $2 ($#)"' zero one two
sh -c 'echo "$@"' sh a "b c" d
A=exported
export A
sh -c 'echo "child sees A=$A"'
B=local-only
sh -c 'echo "child sees B=${B-unset}"'
C=per-command sh -c 'echo "child sees C=$C"'
echo "after: C=${C-unset}"
res=$(sh -c 'echo out; echo err >&2' 2>&1)
echo "captured: $res" | tr '\n' ' '
echo
multi=$(printf 'l1\nl2\nl3')
echo "$multi" | wc -l
echo $multi

cd / && rm -rf "$S"
