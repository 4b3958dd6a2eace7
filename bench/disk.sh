#!/usr/bin/env bash
# File I/O side by side: bench/disk/diskbench.c natively on a host directory and
# inside ukern on an ext4 image in the same host filesystem; prints the ratios
# (higher is better for ukern: ratio = ukern / native). Usage: [ROUNDS=3] bench/disk.sh [UKERN]
set -eu
cd "$(dirname "$0")/.."
UKERN=${1:-build/ukern}
d=build/bench-disk
rm -rf "$d" && mkdir -p "$d/bin" "$d/native" "$d/empty"
gcc -static -O2 -o "$d/bin/diskbench" bench/disk/diskbench.c
"$UKERN" mkimage --size 1G "$d/empty" "$d/bench.img" >/dev/null
# Rounds alternate native and ukern; each figure is the median of its side's rounds.
ROUNDS=${ROUNDS:-3}
: >"$d/native.all" && : >"$d/ukern.all"
for r in $(seq 1 "$ROUNDS"); do
	"$d/bin/diskbench" "$d/native" >>"$d/native.all"
	"$UKERN" run --disk "$d/bench.img" --mount "$(realpath "$d/bin"):/b:ro" -w / -- /b/diskbench / \
		>>"$d/ukern.all" 2>/dev/null
done
median() { sort -k1,1 -k2,2n "$1" | awk -v n="$ROUNDS" '{v[$1] = v[$1] " " $2; u[$1] = $3}
	END { for (k in v) { split(substr(v[k], 2), a, " "); print k, a[int((n + 1) / 2)], u[k] } }'; }
median "$d/native.all" >"$d/native.out"
median "$d/ukern.all" >"$d/ukern.out"
echo "(median of $ROUNDS rounds each)"
printf "%-14s %14s %14s %8s\n" "file I/O" native ukern ratio
join <(sort "$d/native.out") <(sort "$d/ukern.out") | while read -r name n unit g unit2; do
	printf "%-14s %9s %-4s %9s %-4s %7.2fx\n" "$name" "$n" "${unit%/s}/s" "$g" "${unit2%/s}/s" \
		"$(awk -v a="$g" -v b="$n" 'BEGIN{print a / b}')"
done
