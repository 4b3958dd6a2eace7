#!/bin/sh
# exec redirections of the shell itself, read from pipes/files/here-docs,
# IFS, and finally exec'ing another program in place of the shell.
set -u
umask 022
S=/tmp/bbtest-exec
rm -rf "$S"
mkdir -p "$S" && cd "$S" || exit 1

echo "== exec redirections"
exec 3>fd3
echo "to fd 3" >&3
echo "again" >&3
exec 3>&-
cat fd3
echo "closed fd write: $( (echo x >&3) 2>/dev/null && echo worked || echo fails)"
exec 5>&1
exec >captured
echo "this goes to the file"
ls /nonexistent 2>&1
exec 1>&5 5>&-
echo "restored stdout"
cat captured
exec 4<fd3
read -r l1 <&4
read -r l2 <&4
exec 4<&-
echo "read via fd 4: $l1 / $l2"
exec 6<>rw
echo "rw fd" >&6
exec 6>&-
cat rw
exec 7>>fd3
echo appended >&7
exec 7>&-
wc -l <fd3

echo "== read"
echo "alpha beta gamma delta" | {
	read -r a b rest
	echo "a=$a b=$b rest=$rest"
}
printf 'one\ntwo\nthree\n' | while read -r line; do echo "line: $line"; done
printf 'k=v\nx=y\n' | while IFS='=' read -r k v; do echo "$k -> $v"; done
printf 'back\\slash\n' | { read -r raw; echo "raw: $raw"; }
printf 'back\\slash\n' | { read cooked; echo "cooked: $cooked"; }
printf 'no newline at end' | { read -r x; echo "status $?, got: $x"; }
printf '  padded  \n' | { read -r x; echo "[$x]"; }
printf '  padded  \n' | { IFS= read -r x; echo "[$x]"; }
printf 'abcdef' | { read -n 3 x; echo "read -n: $x"; }
read -r nothing </dev/null
echo "read at EOF: $?"
cut -d: -f1,7 /etc/passwd | while IFS=: read -r user sh; do echo "user $user uses $sh"; done
n=0
while read -r w; do n=$((n + ${#w})); done </srv/data/fruits.txt
echo "letters in fruits: $n"
exec 0</srv/data/numbers.txt
read -r first
read -r second
echo "stdin from file: $first $second"
exec 0</dev/null

cd / && rm -rf "$S"
exec echo "exec replaced the shell"
echo "not reached"
