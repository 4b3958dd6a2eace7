#!/usr/bin/env bash
# Host-side unit tests of pure code, linked against single objects. Usage: tests/unit/run.sh [BUILD_DIR]
set -u
cd "$(dirname "$0")/../.."
O=${1:-build}
out=$O/unit
mkdir -p "$out"
pass=0 fail=0
CFLAGS="-std=gnu17 -Wall -Wextra -Werror -Isrc -g"
[ "$O" = build-asan ] && CFLAGS="$CFLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined"

# run NAME SOURCE... [-- ARG...]: builds NAME from the sources and runs it with the ARGs.
run() {
	local name=$1 srcs=() args=()
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		srcs+=("$1"); shift
	done
	[ $# -gt 0 ] && shift
	args=("$@")
	if gcc $CFLAGS -o "$out/$name" "${srcs[@]}" && "$out/$name" "${args[@]}" >"$out/$name.log" 2>&1; then
		pass=$((pass + 1)); echo "ok - $name"
	else
		fail=$((fail + 1)); echo "not ok - $name"; sed 's/^/    /' "$out/$name.log" 2>/dev/null | head -20
	fi
}

# The table must list every system call of the x86-64 ABI (linux-libc-dev's list).
run table_test tests/unit/table_test.c -- /usr/include/x86_64-linux-gnu/asm/unistd_64.h
run strbuf_test tests/unit/strbuf_test.c src/lib/strbuf.c src/lib/kstd.c
run crc32c_test tests/unit/crc32c_test.c src/lib/crc32c.c

# The layering check must catch a forbidden include (a check that cannot fail is a defect).
tmp=$(mktemp -d)
mkdir -p "$tmp/tools" "$tmp/src/kernel"
cp tools/check-layering.sh "$tmp/tools/"
printf '#include <stdio.h>\n' >"$tmp/src/kernel/bad.c"
if (cd "$tmp" && tools/check-layering.sh >/dev/null 2>&1); then
	fail=$((fail + 1)); echo "not ok - layering check catches <stdio.h> in kernel/"
else
	pass=$((pass + 1)); echo "ok - layering check catches <stdio.h> in kernel/"
fi
rm -rf "$tmp"

echo "unit: $pass passed, $fail failed"
[ $fail = 0 ]
