#!/bin/bash
# bash: bash -c with a pipeline and a here-doc, plus arrays, functions,
# process substitution, subshells and traps.
set -u
umask 022
W=/tmp/deb-shell
rm -rf "$W"
mkdir -p "$W"
cd "$W" || exit 1

bash -c 'printf "%s\n" pear apple fig apple banana | sort | uniq -c | sort -k1,1nr -k2 | head -3'
bash -c 'cat <<END | tr a-z A-Z
here-doc line one
value: $((6 * 7))
END'
bash -c "cat <<'END'
quoted \$HOME stays
END"
echo "pipestatus: $(bash -c 'true | false | true; echo "${PIPESTATUS[*]}"')"
echo "pipefail: $(bash -o pipefail -c 'false | true; echo $?')"

arr=(zero one two three)
echo "array: ${#arr[@]} ${arr[2]} ${arr[*]:1:2}"
declare -A map=([b]=2 [a]=1 [c]=3)
for k in $(printf '%s\n' "${!map[@]}" | sort); do
	printf '%s=%s ' "$k" "${map[$k]}"
done
echo
fib()
{
	local n=$1
	if [ "$n" -lt 2 ]; then echo "$n"; return; fi
	echo $(($(fib $((n - 1))) + $(fib $((n - 2)))))
}
echo "fib 12: $(fib 12)"
echo "procsub: $(diff <(printf 'a\nb\n') <(printf 'a\nc\n') | grep -c '^[<>]')"
s="Hello, World"
echo "subst: ${s,,} ${s^^} ${s/World/bash} ${#s}"
[[ "abc123" =~ ^([a-z]+)([0-9]+)$ ]] && echo "regex: ${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"
(exit 7); echo "subshell status: $?"
bash -c 'trap "echo trap EXIT ran" EXIT; exit 3'
echo "bash -c status: $?"
while read -r line; do
	echo "read: $line"
done <<<"one
two"
seq 1 5 >nums
mapfile -t lines <nums
echo "mapfile: ${#lines[@]} last=${lines[4]}"
{ echo out; echo err >&2; } 2>&1 | sort
printf '%05.1f|%-4s|%x\n' 3.14159 ab 255
echo "BASH_VERSION major: ${BASH_VERSINFO[0]}"
echo "env: $(env | sort | grep -v '^_=' | tr '\n' ' ')"

cd / && rm -rf "$W"
echo "done"
