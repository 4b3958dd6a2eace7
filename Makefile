# ukern: GNU make, wildcard source discovery. `make O=build-asan SAN=1` for ASan+UBSan.
O ?= build
SAN ?=
CC ?= gcc
CFLAGS_BASE := -std=gnu17 -Wall -Wextra -Werror -Wno-unused-parameter -Wimplicit-fallthrough \
	-Isrc -MMD -MP -g -pthread
ifeq ($(SAN),1)
CFLAGS_OPT := -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS_SAN := -fsanitize=address,undefined
else
CFLAGS_OPT := -O2
endif
CFLAGS += $(CFLAGS_BASE) $(CFLAGS_OPT)
LDLIBS := -pthread -lext2fs -lcom_err $(LDFLAGS_SAN)

SRCS := $(filter-out src/platform/stub/%.c src/vdso/guest.c,$(wildcard src/*/*.c src/*/*/*.c))
OBJS := $(SRCS:%.c=$(O)/%.o) $(O)/src/platform/stub/stub_blob.o $(O)/src/vdso/vdso_blob.o
# The guest's vDSO: freestanding, position independent, no relocations (src/vdso/guest.c).
VDSO_CFLAGS := -std=gnu17 -O2 -Wall -Wextra -Werror -Isrc -fPIC -shared -nostdlib -ffreestanding \
	-fno-stack-protector -fno-asynchronous-unwind-tables -fcf-protection=none -Wl,-soname,linux-vdso.so.1 \
	-Wl,--hash-style=both -Wl,--version-script=src/vdso/guest.ver -Wl,-z,max-page-size=4096 \
	-Wl,-T,src/vdso/guest.lds -Wl,--build-id=none -Wl,-z,norelro
STUB_CFLAGS := -std=gnu17 -O2 -Wall -Wextra -Werror -ffreestanding -fno-stack-protector -fno-pie -mcmodel=large \
	-fno-asynchronous-unwind-tables -fcf-protection=none -nostdlib -static -no-pie \
	-mgeneral-regs-only -Isrc/platform/stub -Wl,-T,src/platform/stub/stub.lds -Wl,--build-id=none

.PHONY: all deps run run-debian debian cpython-quick check-python check check-fast unit guest guest-disk disks busybox terminal lint docs docs-check format-check clean bench
all: $(O)/ukern

$(O)/ukern: $(OBJS)
	$(CC) -o $@ $^ $(LDLIBS)

$(O)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

STUB_SRCS := src/platform/stub/stub.S src/platform/stub/zygote.c src/platform/stub/systrap.c
$(O)/stub.elf: $(STUB_SRCS) $(wildcard src/platform/stub/*.h) src/platform/stub/stub.lds
	@mkdir -p $(O)
	$(CC) $(STUB_CFLAGS) -o $@ $(STUB_SRCS)

$(O)/vdso.so: src/vdso/guest.c src/vdso/guest.ver src/vdso/guest.lds src/vdso/vdso_data.h
	@mkdir -p $(O)
	$(CC) $(VDSO_CFLAGS) -o $@ src/vdso/guest.c
	@if readelf -r $@ | grep -q 'Relocation section'; then echo "vdso.so has relocations" >&2; rm -f $@; exit 1; fi

$(O)/src/vdso/vdso_blob.o: src/vdso/vdso_blob.S $(O)/vdso.so
	@mkdir -p $(dir $@)
	$(CC) -c -DVDSO_SO_PATH='"$(O)/vdso.so"' -o $@ $<

$(O)/src/platform/stub/stub_blob.o: src/platform/stub/stub_blob.S $(O)/stub.elf
	@mkdir -p $(dir $@)
	$(CC) -c -DSTUB_ELF_PATH='"$(O)/stub.elf"' -o $@ $<

-include $(OBJS:.o=.d)

# A busybox root for `make run` (Debian's busybox-static).
BUSYBOX_ROOT := build/busybox-root
$(BUSYBOX_ROOT)/.stamp: tests/integration/mkroot-busybox.sh
	tests/integration/mkroot-busybox.sh $(BUSYBOX_ROOT)

# Debian packages the build and the tests need (installed when missing).
deps:
	@if ! command -v musl-gcc >/dev/null || [ ! -x /bin/busybox ] || ! command -v unshare >/dev/null || \
	    [ ! -f /usr/include/ext2fs/ext2fs.h ] || ! command -v mke2fs >/dev/null || ! command -v python3 >/dev/null; then \
		apt-get update -q && apt-get install -y -q build-essential musl-tools busybox-static util-linux \
			libext2fs-dev e2fsprogs python3; fi
	@command -v debootstrap >/dev/null || { apt-get update -q && apt-get install -y -q debootstrap; }

run: deps $(O)/ukern $(BUSYBOX_ROOT)/.stamp
	$(O)/ukern run --root $(BUSYBOX_ROOT) -e PATH=/bin:/sbin -e HOME=/root -e TERM=$${TERM:-dumb} -w /root -- /bin/sh -l

lint:
	tools/check-layering.sh

docs: $(O)/ukern
	tools/gen-syscalls.sh > docs/syscalls.md

docs-check: $(O)/ukern
	@tools/gen-syscalls.sh | diff -u docs/syscalls.md - >/dev/null || \
		{ echo "docs/syscalls.md is stale: run make docs"; exit 1; }

unit: $(O)/ukern
	tests/unit/run.sh $(O)

guest: $(O)/ukern
	UKERN=$(O)/ukern GUEST_OUT=$(O)/guest tests/run-guest.sh

# The same guest tests with the root on an ext4 image (fresh per test, e2fsck -fn after).
guest-disk: $(O)/ukern
	UKERN=$(O)/ukern GUEST_OUT=$(O)/guest-disk GUEST_DISK=1 tests/run-guest.sh

# Disk images end to end: mkimage, workloads, bad images, locks, COW, a kill -9 loop.
disks: $(O)/ukern $(BUSYBOX_ROOT)/.stamp
	UKERN=$(O)/ukern DISK_OUT=$(O)/disks tests/integration/run-disks.sh

busybox: $(O)/ukern
	UKERN=$(O)/ukern tests/integration/run-busybox.sh
	UKERN=$(O)/ukern tests/integration/host-view.sh

# A Debian 12 root (debootstrap, cached in build/debian-root) and its scenarios.
debian: $(O)/ukern
	UKERN=$(O)/ukern tests/integration/run-debian.sh

# CPython's regression tests in the Debian guest: a fixed quick subset, or all listed modules.
cpython-quick: $(O)/ukern
	UKERN=$(O)/ukern tests/integration/run-cpython.sh -q

# ukern run -it driven through a real pty (tests/integration/terminal.py); the Debian
# part (python's pty module, less, tmux) runs when build/debian-root exists (make debian).
terminal: $(O)/ukern $(BUSYBOX_ROOT)/.stamp
	python3 tests/integration/terminal.py $(O)/ukern $(BUSYBOX_ROOT) build/debian-root

check-python: $(O)/ukern
	UKERN=$(O)/ukern tests/integration/run-cpython.sh

run-debian: $(O)/ukern
	scripts/mkroot-debian.sh build/debian-root
	$(O)/ukern run --root build/debian-root -e PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		-e HOME=/root -e LANG=C.UTF-8 -e TERM=$${TERM:-dumb} -w /root -- /bin/bash -l

# The whole suite, on the normal build and on the ASan+UBSan build, under both platforms:
# seccomp (the default) and ptrace (UKERN_PLATFORM, which ukern and the test runners honour).
check: deps
	$(MAKE) lint
	$(MAKE) docs-check
	$(MAKE) unit guest guest-disk busybox debian disks terminal cpython-quick
	UKERN_PLATFORM=ptrace $(MAKE) guest guest-disk busybox debian terminal cpython-quick
	UKERN_PLATFORM=ptrace $(MAKE) DISK_KILLS=5 disks
	$(MAKE) O=build-asan SAN=1 unit guest guest-disk busybox debian terminal
	$(MAKE) O=build-asan SAN=1 DISK_KILLS=5 disks
	UKERN_PLATFORM=ptrace $(MAKE) O=build-asan SAN=1 guest busybox debian

bench: $(O)/ukern
	bench/run.sh $(O)/ukern
	bench/disk.sh $(O)/ukern

clean:
	rm -rf build build-asan
