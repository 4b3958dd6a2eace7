#!/usr/bin/env bash
# The host wall (shared/STYLE.md section 3), checked mechanically:
#  - host system headers only in src/host, src/platform, src/cli (and lib/kstd.c for malloc/printf),
#    and <ext2fs/ext2fs.h> in src/fs/ext4;
#  - `errno` only there too; everyone else gets -errno from host_*();
#  - guest memory only through mm/uaccess.c (platform_read/platform_write);
#  - no subsystem calls a sys_* handler.
set -u
cd "$(dirname "$0")/.."
fail=0
allowed='stddef.h|stdint.h|stdbool.h|stdarg.h|string.h|limits.h'
for f in $(find src -name '*.[ch]' | sort); do
	case $f in
	src/host/* | src/platform/* | src/cli/* | src/lib/kstd.c) continue ;;
	esac
	bad=$(grep -nE '^#include <' "$f" | grep -vE "<($allowed)>")
	# libext2fs, the library made for ext2/3/4 images, in the ext4 filesystem only.
	case $f in src/fs/ext4/*) bad=$(grep -vE '<ext2fs/ext2fs.h>' <<<"$bad") ;; esac
	if [ -n "$bad" ]; then
		echo "layering: $f includes host headers:"; echo "$bad" | sed 's/^/    /'; fail=1
	fi
	if grep -nE '\berrno\b' "$f" | grep -vE 'abi/errno.h|-errno|\* |^\s*/\*' | grep -q .; then
		echo "layering: $f reads errno (only src/host may)"; fail=1
	fi
done
for f in $(grep -rlE 'platform_(read|write)\(' src | sort); do
	case $f in
	src/mm/uaccess.c | src/platform/*) ;;
	*) echo "layering: $f touches guest memory outside mm/uaccess.c"; fail=1 ;;
	esac
done
for f in $(grep -rlE '\bsys_[a-z0-9_]+\(' src --include=*.c | sort); do
	case $f in
	src/syscalls/*) ;;
	*) echo "layering: $f calls a syscall handler"; fail=1 ;;
	esac
done
[ $fail = 0 ] && echo "layering: ok"
exit $fail
