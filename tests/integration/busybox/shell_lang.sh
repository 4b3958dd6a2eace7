#!/bin/sh
# Shell language: test/[, arithmetic, functions, case, loops, parameter
# expansion, positional parameters, globbing, eval, getopts.
set -u
umask 022

echo "== test"
t()
{
	if "$@"; then echo "true: $*"; else echo "false: $*"; fi
}
t [ abc = abc ]
t [ abc != abc ]
t [ -z "" ]
t [ -n "x" ]
t [ 3 -lt 10 ]
t [ 10 -le 3 ]
t [ 5 -eq 5 -a 2 -ne 3 ]
t [ 1 -gt 2 -o 3 -ge 3 ]
t [ ! -e /srv/data/missing ]
t test -f /srv/data/hello.txt
t test -d /srv/data/tree
t test -L /srv/data/link-to-hello
t test -x /srv/data/script.sh
t test -x /srv/data/hello.txt
t test -s /srv/data/tree/empty
t test -r /etc/passwd
t test /srv/data/tree/x/four.log -nt /srv/data/hello.txt
t test /srv/data/hello.txt -ot /srv/data/numbers.txt
t [ "a" \< "b" ]

echo "== arithmetic"
echo $((1 + 2 * 3)) $(((1 + 2) * 3)) $((17 / 5)) $((17 % 5)) $((-7 / 2))
echo $((2 ** 10)) $((1 << 4)) $((255 >> 4)) $((6 & 3)) $((6 | 3)) $((6 ^ 3)) $((~0))
echo $((0x1f)) $((010)) $((3 > 2)) $((3 == 2)) $((!0)) $((1 && 0)) $((1 || 0))
echo $((5 > 3 ? 10 : 20))
x=5
: $((x += 3)) $((x *= 2))
echo "x=$x"
i=0
while [ $i -lt 5 ]; do i=$((i + 1)); done
echo "i=$i"
echo $((9223372036854775807 + 0))
if (: $((1 / 0))) 2>/dev/null; then echo "division by zero works?"; else echo "division by zero fails"; fi

echo "== functions"
greet()
{
	echo "hello $1 ($# args)"
	return 3
}
greet world extra
echo "return: $?"
fact()
{
	if [ $1 -le 1 ]; then echo 1; else echo $(($1 * $(fact $(($1 - 1))))); fi
}
echo "fact 10: $(fact 10)"
scope()
{
	local v=inner
	g=global
	echo "in: v=$v"
}
v=outer
scope
echo "out: v=$v g=$g"
args()
{
	for a in "$@"; do printf '<%s>' "$a"; done
	echo
	printf '[%s]' "$*"
	echo
}
args one "two three" "" four

echo "== case"
for w in apple Banana 42 x.txt ""; do
	case $w in
	[a-z]*.txt) echo "$w: txt" ;;
	[A-Z]*) echo "$w: capital" ;;
	*[0-9]*) echo "$w: has digit" ;;
	apple | pear) echo "$w: fruit" ;;
	'') echo "empty" ;;
	esac
done

echo "== loops"
for i in 1 2 3 4 5 6; do
	[ $i = 2 ] && continue
	[ $i = 5 ] && break
	printf '%s ' $i
done
echo
n=3
until [ $n = 0 ]; do printf '%s ' $n; n=$((n - 1)); done
echo
for i in 1 2; do for j in a b; do printf '%s%s ' $i $j; done; done
echo

echo "== parameter expansion"
p=/srv/data/tree/a/one.txt
echo "${p##*/} ${p#*/} ${p%/*} ${p%%/a*} ${#p}"
echo "${unset_var-default} ${unset_var:-default2} [${empty=}]"
e=
echo "[${e:-was empty}] [${e-not shown}] [${p:+set}]"
: ${assigned:=now set}
echo "$assigned"
s=hello-world-hello
echo "${s/hello/bye} ${s//hello/bye} ${s:6:5}"
(: ${must_fail?is required}) 2>&1 | sed 's/.*must_fail/must_fail/'

echo "== positional"
set -- a "b c" d
echo "$# $1 $2 $3"
shift
echo "$# $1"
set --
echo "empty: $#"
IFS=:
set -- $(echo "x:y:z")
echo "split on ':' $# $2"
unset IFS

echo "== glob"
cd /srv/data || exit 1
echo *.txt
echo tree/*/
echo t?ee n*s.txt
echo nomatch*
echo "[*.txt]"
cd /

echo "== eval, command"
cmd='echo evaluated $((40 + 2))'
eval "$cmd"
var=name
eval "$var=value"
echo "name=$name"
command -v ls
command -v greet
echo "type: $(type true | sed 's/ is .*/ is known/')"

echo "== getopts"
parse()
{
	OPTIND=1
	while getopts "ab:c" o "$@"; do
		case $o in
		b) echo "opt b=$OPTARG" ;;
		\?) echo "bad option" ;;
		*) echo "opt $o" ;;
		esac
	done
	shift $((OPTIND - 1))
	echo "rest: $*"
}
parse -a -b val -c file1 file2
parse -x 2>/dev/null
