#!/usr/bin/env bash
# Side-by-side micro-benchmarks: each runs natively and inside ukern in one go,
# and prints ns per operation and the ratio to native. Usage: bench/run.sh [UKERN]
set -eu
cd "$(dirname "$0")/.."
UKERN=${1:-build/ukern}
root=build/bench-root
mkdir -p "$root/bin" "$root/tmp" "$root/proc" "$root/dev"
printf "%-22s %12s %12s %8s\n" benchmark "native ns" "ukern ns" ratio
for b in bench/*.c; do
	name=$(basename "$b" .c)
	gcc -static -O2 -o "$root/bin/$name" "$b"
	native=$("$root/bin/$name")
	guest=$("$UKERN" run --root "$root" -- "/bin/$name" 2>/dev/null)
	ratio=$(awk -v g="$guest" -v n="$native" 'BEGIN { printf("%.1fx", g / n) }')
	printf "%-22s %12s %12s %8s\n" "$name" "$native" "$guest" "$ratio"
done
