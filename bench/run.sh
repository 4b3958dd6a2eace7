#!/usr/bin/env bash
# Side-by-side micro-benchmarks: each bench/*.c runs natively (chroot of the
# bench root) and inside ukern in one go; prints ns per operation and the
# ratio to native (lower is better). Then the cold start of `ukern run
# /bin/true` and, when build/debian-root exists, a make -j2 build of a
# 20-file C project in the Debian guest against the same build natively.
# Usage: bench/run.sh [UKERN]
set -eu
cd "$(dirname "$0")/.."
UKERN=${1:-build/ukern}
root=build/bench-root
mkdir -p "$root/bin" "$root/tmp" "$root/proc" "$root/dev"
gcc -static -O2 -o "$root/bin/true" bench/true.c
printf "%-22s %12s %12s %8s\n" benchmark "native ns" "ukern ns" ratio
for b in bench/*.c; do
	name=$(basename "$b" .c)
	[ "$name" = true ] && continue
	gcc -static -O2 -pthread -Ibench -o "$root/bin/$name" "$b"
	native=$(chroot "$root" "/bin/$name")
	guest=$("$UKERN" run --root "$root" -- "/bin/$name" 2>/dev/null)
	ratio=$(awk -v g="$guest" -v n="$native" 'BEGIN { printf("%.1fx", g / n) }')
	printf "%-22s %12s %12s %8s\n" "$name" "$native" "$guest" "$ratio"
done

# Cold start: the median of 41 runs of a static /bin/true, wall clock, timed by a small
# program that forks and waits (bench/lib/runtime.c): native is the program alone,
# ukern is `ukern run --root ROOT -- /bin/true`.
gcc -O2 -o "$root/runtime" bench/lib/runtime.c
n=$("$root/runtime" 41 "$root/bin/true")
g=$("$root/runtime" 41 "$UKERN" run --root "$root" -- /bin/true)
ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N); echo $(((t1 - t0) / 1000)); }
med() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
printf "%-22s %9s us %9s us %7s\n" "cold start (true)" "$n" "$g" \
	"$(awk -v g="$g" -v n="$n" 'BEGIN { printf("%.1fx", g / n) }')"

# make -j2 of a 20-file C project in the Debian root, natively (chroot) and in ukern.
deb=build/debian-root
if [ -f "$deb/.ukern-stamp" ]; then
	p=$deb/tmp/bench-make
	rm -rf "$p" && mkdir -p "$p"
	for i in $(seq 1 20); do
		{
			echo "#include <stdio.h>"
			echo "#include <string.h>"
			for j in $(seq 1 40); do
				echo "int f${i}_$j(const char *s) { int h = $j; while (*s) h = h * 31 + *s++; return h ^ (int)strlen(s); }"
			done
		} >"$p/m$i.c"
	done
	echo 'int main(void) { return 0; }' >"$p/main.c"
	printf 'OBJS = main.o %s\nprog: $(OBJS)\n\tcc -o $@ $(OBJS)\n%%.o: %%.c\n\tcc -O2 -c $<\nclean:\n\trm -f *.o prog\n' \
		"$(seq -f 'm%g.o' 1 20 | tr '\n' ' ')" >"$p/Makefile"
	build() { ms "$@" /usr/bin/sh -c "make -s -C /tmp/bench-make clean && make -s -j2 -C /tmp/bench-make prog"; }
	n=$(for i in 1 2 3; do build chroot "$deb"; done | med)
	g=$(for i in 1 2 3; do build "$UKERN" run --root "$deb" -e PATH=/usr/bin:/bin --; done | med)
	printf "%-22s %9s us %9s us %7s\n" "make -j2, 21 files" "$n" "$g" \
		"$(awk -v g="$g" -v n="$n" 'BEGIN { printf("%.1fx", g / n) }')"
	rm -rf "$p"
fi
for peer in proot qemu-x86_64-static runsc linux.uml; do
	command -v $peer >/dev/null && echo "# $peer is installed but not yet run as a column here"
done
exit 0
