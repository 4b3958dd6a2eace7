#!/usr/bin/env bash
# File I/O side by side: bench/disk/diskbench.c natively on a host directory and
# inside ukern on an ext4 image in the same host filesystem; prints the ratios
# (higher is better for ukern: ratio = ukern / native). Usage: bench/disk.sh [UKERN]
set -eu
cd "$(dirname "$0")/.."
UKERN=${1:-build/ukern}
d=build/bench-disk
rm -rf "$d" && mkdir -p "$d/bin" "$d/native" "$d/empty"
gcc -static -O2 -o "$d/bin/diskbench" bench/disk/diskbench.c
"$UKERN" mkimage --size 1G "$d/empty" "$d/bench.img" >/dev/null
"$d/bin/diskbench" "$d/native" >"$d/native.out"
"$UKERN" run --disk "$d/bench.img" --mount "$(realpath "$d/bin"):/b:ro" -w / -- /b/diskbench / \
	>"$d/ukern.out" 2>/dev/null
printf "%-14s %14s %14s %8s\n" "file I/O" native ukern ratio
join <(sort "$d/native.out") <(sort "$d/ukern.out") | while read -r name n unit g unit2; do
	printf "%-14s %9s %-4s %9s %-4s %7.2fx\n" "$name" "$n" "${unit%/s}/s" "$g" "${unit2%/s}/s" \
		"$(awk -v a="$g" -v b="$n" 'BEGIN{print a / b}')"
done
