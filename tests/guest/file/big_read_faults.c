/* SPDX-License-Identifier: MIT */
/*
 * Big reads into bad buffers. ukern moves big reads from the host file
 * straight into guest memory (one copy, in the guest's stub), so these pin
 * down that the guest's buffer is checked as read(2) checks it: a buffer
 * whose tail is unmapped gets the bytes before the hole, a read-only or
 * unmapped buffer gets EFAULT, the file position moves by what was read, and
 * addresses beyond the guest's reach (where the ptrace platform's stub
 * lives, and the kernel half) give EFAULT and change nothing.
 */
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>
#include "check.h"

#define MB (1 << 20)
#define PAGE 4096L
#define PTRACE_STUB_DATA 0x7fd000100000UL /* STUB_DATA in src/platform/ptrace/stub_layout.h */

static unsigned char model[2 * MB];

int main(void)
{
	unsigned char *m, *ro;
	long i;
	int fd = open("bigf", O_RDWR | O_CREAT | O_TRUNC, 0644);

	CHECK(fd >= 0, "create");
	for (i = 0; i < 2 * MB; i++)
		model[i] = (unsigned char)(i * 2654435761u >> 11);
	CHECK(write(fd, model, 2 * MB) == 2 * MB, "write 2 MiB");
	CHECK(fsync(fd) == 0, "fsync (on an image: the pages are committed, the read goes to the host file)");

	/* 1 MiB read into 512 KiB of mapped memory followed by an unmapped page. */
	m = mmap(NULL, MB + PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED, "map a buffer");
	CHECK(munmap(m + MB / 2, MB / 2 + PAGE) == 0, "unmap its second half");
	CHECK(lseek(fd, 4096, SEEK_SET) == 4096, "seek to 4 KiB");
	CHECK(read(fd, m, MB) == MB / 2, "a read into a buffer with an unmapped tail returns the bytes before it");
	CHECK(memcmp(m, model + 4096, MB / 2) == 0, "and they are the file's bytes");
	CHECK(lseek(fd, 0, SEEK_CUR) == 4096 + MB / 2, "the position moved by what was read");
	CHECK(pread(fd, m + MB / 2, MB / 2, 0) == -1 && errno == EFAULT, "a read wholly into unmapped memory: EFAULT");
	CHECK(lseek(fd, 0, SEEK_CUR) == 4096 + MB / 2, "a failed read leaves the position");

	/* Read-only memory. */
	ro = mmap(NULL, MB, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(ro != MAP_FAILED, "map read-only");
	CHECK(pread(fd, ro, MB, 0) == -1 && errno == EFAULT, "a read into read-only memory: EFAULT");
	CHECK(ro[0] == 0 && ro[MB - 1] == 0, "which is left as it was");
	CHECK(mprotect(ro, MB, PROT_READ | PROT_WRITE) == 0, "make it writable");
	CHECK(pread(fd, ro, MB, MB) == MB && memcmp(ro, model + MB, MB) == 0, "then the read works");

	/* Beyond the guest's reach. */
	CHECK(pread(fd, (void *)PTRACE_STUB_DATA, MB, 0) == -1 && errno == EFAULT,
	      "a read into the ptrace stub's scratch page's address: EFAULT");
	CHECK(pread(fd, (void *)0xffff800000000000UL, MB, 0) == -1 && errno == EFAULT,
	      "a read into the kernel half: EFAULT");
	CHECK(pread(fd, (void *)(UINTPTR_MAX - PAGE + 1), MB, 0) == -1 && errno == EFAULT,
	      "a read whose buffer wraps around: EFAULT");

	/* The direct path and the cache agree after writes that are not yet synced. */
	memset(model + 100000, 0x5a, 300000);
	CHECK(pwrite(fd, model + 100000, 300000, 100000) == 300000, "overwrite 300000 bytes without fsync");
	CHECK(pread(fd, ro, MB, 0) == MB && memcmp(ro, model, MB) == 0, "a big read sees them, and the rest");
	close(fd);
	CHECK(unlink("bigf") == 0, "unlink");
	return 0;
}
