#!/bin/sh
# Pipelines, redirections (>, >>, 2>&1, <>, noclobber), here-documents, tee.
set -u
umask 022
S=/tmp/bbtest-pipes
rm -rf "$S"
mkdir -p "$S" && cd "$S" || exit 1

echo "== pipelines"
printf 'c\nb\na\nb\n' | sort | uniq -c | awk '{print $1, $2}'
echo one two three | tr ' ' '\n' | wc -l
seq 1 1000 | grep 7 | tail -n 3
yes | head -n 5000 | wc -l
false | true
echo "false|true: $?"
true | false
echo "true|false: $?"
! false
echo "! false: $?"
set -o pipefail
false | true
echo "pipefail false|true: $?"
set +o pipefail

echo "== redirections"
echo first >f
echo second >>f
cat f
cat <f | cat -
{ echo out; echo err >&2; } >o 2>e
echo "o: $(cat o) e: $(cat e)"
{ echo out; echo err >&2; } >both 2>&1
cat both
{ echo out; echo err >&2; } 2>&1 >/dev/null | sed 's/^/piped stderr: /'
(echo a 1>&2 2>/dev/null) 2>cap
echo "cap: $(cat cap)"
(echo b 2>/dev/null 1>&2) 2>cap
echo "cap bytes: $(wc -c <cap)"
ls /nonexistent-dir 2>&1
ls /nonexistent-dir 2>/dev/null
echo "ls status: $?"
set -C
if (echo x >f) 2>/dev/null; then echo "clobbered"; else echo "noclobber refused"; fi
echo forced >|f
set +C
cat f
printf 'abcdef\n' >rw
exec 5<>rw
printf 'XY' >&5
exec 5>&-
cat rw
: >empty
echo "empty size: $(wc -c <empty)"

echo "== here-docs"
X=val
cat <<EOF
x is $X, arith $((6 * 7)), subst $(echo inner)
  indented \$X stays
EOF
cat <<'EOF'
quoted: x is $X $(echo no)
EOF
cat <<-EOF
	tab stripped $X
		two tabs
	EOF
cat >hd <<EOF
l1
l2
l3
EOF
wc -l <hd
while read -r a b; do echo "[$a|$b]"; done <<EOF
k1 v1
k2 v2 with spaces
EOF
tr a-z A-Z <<EOF | rev
heredoc into pipe
EOF

echo "== tee"
echo teed | tee t1 t2 >/dev/null
cat t1 t2
echo again | tee -a t1 >/dev/null
cat t1

cd / && rm -rf "$S"
