#!/usr/bin/env bash
# Side-by-side micro-benchmarks: each bench/*.c runs natively (chroot of the
# bench root) and inside ukern in one go; prints ns per operation and the
# ratio to native (lower is better), under each ukern platform (PLATFORMS,
# default "seccomp ptrace"). Where proot, qemu-x86_64-static, runsc
# (gVisor, --platform=ptrace) or linux.uml (User-Mode Linux) are installed, the
# same programs on the same root run under them too, as extra columns (ns and
# ratio to native). Then the cold start of `ukern run /bin/true` (and of each
# peer) and, when build/debian-root exists, a make -j2 build of a 20-file C
# project in the Debian guest against the same build natively.
# Usage: bench/run.sh [UKERN]   (PEERS="proot qemu runsc uml" picks peers; PEERS= none)
set -eu
cd "$(dirname "$0")/.."
UKERN=${1:-build/ukern}
root=build/bench-root
mkdir -p "$root/bin" "$root/tmp" "$root/proc" "$root/dev"
aroot=$(realpath "$root")
gcc -static -O2 -o "$root/bin/true" bench/true.c

# How each runs /bin/NAME of the bench root and prints its output.
run_native() { chroot "$root" "$@"; }
run_ukern() { "$UKERN" run --platform "$plat" --root "$root" -- "$@" 2>/dev/null; }
read -ra plats <<<"${PLATFORMS-seccomp ptrace}"
run_proot() { proot -r "$root" -w / "$@" 2>/dev/null; }
run_qemu() { chroot "$root" /bin/qemu-x86_64-static "$@"; }
run_runsc() { runsc --network=none --platform=ptrace do -- chroot "$aroot" "$@" 2>/dev/null; }
# UML boots with the bench root as its hostfs root and the program as init; its
# console is our stdout (CRs dropped); the panic when init exits ends it at once.
run_uml() {
	linux.uml mem=512M rootfstype=hostfs rootflags="$aroot" rw quiet panic=-1 init="$1" con0=null,fd:1 con=null \
		2>/dev/null | tr -d '\r' | grep -E '^[0-9.]+$' | head -1 || true
}
declare -A peer_cmd=([proot]=proot [qemu]=qemu-x86_64-static [runsc]=runsc [uml]=linux.uml)
peers=()
for p in ${PEERS-proot qemu runsc uml}; do
	command -v "${peer_cmd[$p]}" >/dev/null 2>&1 && peers+=("$p")
done
if [[ " ${peers[*]} " == *" qemu "* ]]; then cp "$(command -v qemu-x86_64-static)" "$root/bin/"; fi
# (Through bash -c, for timeout and runtime.c.)
export -f run_proot run_qemu run_runsc run_uml
export root aroot
ratio() { awk -v g="$1" -v n="$2" 'BEGIN { if (g == "" || n == "") print "-"; else printf("%.1fx", g / n) }'; }

printf "%-22s %12s" benchmark "native ns"
for plat in "${plats[@]}"; do printf " %12s %8s" "$plat ns" ratio; done
for p in "${peers[@]}"; do printf " %20s" "$p ns (ratio)"; done
echo
for b in bench/*.c; do
	name=$(basename "$b" .c)
	[ "$name" = true ] && continue
	gcc -static -O2 -pthread -Ibench -o "$root/bin/$name" "$b"
	native=$(run_native "/bin/$name")
	printf "%-22s %12s" "$name" "$native"
	for plat in "${plats[@]}"; do
		guest=$(run_ukern "/bin/$name")
		printf " %12s %8s" "$guest" "$(ratio "$guest" "$native")"
	done
	for p in "${peers[@]}"; do
		v=$(timeout 600 bash -c "run_$p /bin/$name" || true)
		printf " %20s" "${v:--} ($(ratio "$v" "$native"))"
	done
	echo
done

# Cold start: the median of 41 runs of a static /bin/true, wall clock, timed by a small
# program that forks and waits (bench/lib/runtime.c): native is the program alone,
# ukern is `ukern run --root ROOT -- /bin/true`.
gcc -O2 -o "$root/runtime" bench/lib/runtime.c
n=$("$root/runtime" 41 "$root/bin/true")
ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N); echo $(((t1 - t0) / 1000)); }
med() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
printf "%-22s %9s us" "cold start (true)" "$n"
for plat in "${plats[@]}"; do
	g=$("$root/runtime" 41 "$UKERN" run --platform "$plat" --root "$root" -- /bin/true)
	printf " %9s us %8s" "$g" "$(ratio "$g" "$n")"
done
# Peers: fewer runs for the slow starters.
for p in "${peers[@]}"; do
	case $p in runsc) k=11 ;; uml) k=5 ;; *) k=41 ;; esac
	v=$("$root/runtime" "$k" bash -c "run_$p /bin/true" 2>/dev/null || true)
	printf " %17s us (%s)" "${v:--}" "$(ratio "$v" "$n")"
done
echo

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
	printf "%-22s %9s us" "make -j2, 21 files" "$n"
	for plat in "${plats[@]}"; do
		g=$(for i in 1 2 3; do build "$UKERN" run --platform "$plat" --root "$deb" -e PATH=/usr/bin:/bin --; done | med)
		printf " %9s us %8s" "$g" "$(ratio "$g" "$n")"
	done
	echo
	rm -rf "$p"
fi
[ ${#peers[@]} -eq 0 ] || echo "# peers ran the micro-benchmarks and the cold start; the make workload is ukern's alone"
exit 0
