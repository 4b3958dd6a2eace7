/* tags: mm */
/* SPDX-License-Identifier: MIT */
/*
 * madvise: MADV_DONTNEED zeroes private anonymous memory, keeps shared memory
 * and drops private file copies back to the file; hints succeed; errors.
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include "check.h"

#define PG 4096

static int all(const char *p, size_t len, char c)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != c)
			return 0;
	return 1;
}

int main(void)
{
	char *p, *fbuf;
	int fd;

	/* Private anonymous: DONTNEED gives zero pages back. */
	p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "map 4 private pages");
	memset(p, 'x', 4 * PG);
	CHECK(madvise(p + PG, 2 * PG, MADV_DONTNEED) == 0, "MADV_DONTNEED pages 1-2");
	CHECK(all(p + PG, 2 * PG, 0), "private anonymous pages read as zero after DONTNEED");
	CHECK(all(p, PG, 'x') && all(p + 3 * PG, PG, 'x'), "pages outside the range are kept");
	p[PG] = 'y';
	CHECK(p[PG] == 'y', "dropped pages are writable again");

	/* Hints are accepted. */
	CHECK(madvise(p, 4 * PG, MADV_NORMAL) == 0, "MADV_NORMAL");
	CHECK(madvise(p, 4 * PG, MADV_RANDOM) == 0, "MADV_RANDOM");
	CHECK(madvise(p, 4 * PG, MADV_SEQUENTIAL) == 0, "MADV_SEQUENTIAL");
	CHECK(madvise(p, 4 * PG, MADV_WILLNEED) == 0, "MADV_WILLNEED");
	CHECK(all(p, PG, 'x') && p[PG] == 'y', "hints do not change contents");
	CHECK(madvise(p, 0, MADV_DONTNEED) == 0, "length 0 succeeds");

	/* Errors. */
	CHECK_ERR(madvise(p, PG, 12345), EINVAL, "unknown advice is EINVAL");
	CHECK_ERR(syscall(SYS_madvise, p + 1, PG, MADV_NORMAL), EINVAL,
		  "unaligned address is EINVAL");
	CHECK(munmap(p + PG, PG) == 0, "unmap page 1");
	CHECK_ERR(madvise(p + PG, PG, MADV_NORMAL), ENOMEM, "unmapped range is ENOMEM");
	CHECK_ERR(madvise(p, 3 * PG, MADV_NORMAL), ENOMEM, "range with a hole is ENOMEM");
	/* The same for MADV_DONTNEED, which the seccomp platform's stub serves itself. */
	CHECK_ERR(syscall(SYS_madvise, p + 1, PG, MADV_DONTNEED), EINVAL, "unaligned DONTNEED is EINVAL");
	CHECK_ERR(syscall(SYS_madvise, p, -1L, MADV_DONTNEED), EINVAL, "DONTNEED of a length that wraps is EINVAL");
	CHECK_ERR(madvise(p + PG, PG, MADV_DONTNEED), ENOMEM, "DONTNEED of an unmapped range is ENOMEM");
	CHECK_ERR(madvise(p, 3 * PG, MADV_DONTNEED), ENOMEM, "DONTNEED of a range with a hole is ENOMEM");
	munmap(p, 4 * PG);
	/* Far above anything a program maps (where ukern's stub keeps its message pages): unmapped. */
	CHECK_ERR(madvise((void *)0x7fd000400000UL, PG, MADV_DONTNEED), ENOMEM,
		  "DONTNEED high above the mappings is ENOMEM");

	/* Shared anonymous: DONTNEED only drops the mapping's view; data stays. */
	p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "map 2 shared pages");
	memset(p, 's', 2 * PG);
	CHECK(madvise(p, 2 * PG, MADV_DONTNEED) == 0, "MADV_DONTNEED shared");
	CHECK(all(p, 2 * PG, 's'), "shared anonymous contents survive DONTNEED");
	munmap(p, 2 * PG);

	/* Private file mapping: DONTNEED discards the private copy. */
	fbuf = malloc(2 * PG);
	memset(fbuf, 'f', 2 * PG);
	fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0 && write(fd, fbuf, 2 * PG) == 2 * PG, "create a 2-page file");
	p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED, "private file mapping");
	memset(p, 'm', 2 * PG);
	CHECK(madvise(p, PG, MADV_DONTNEED) == 0, "MADV_DONTNEED on the first page");
	CHECK(all(p, PG, 'f'), "dropped page shows the file again");
	CHECK(all(p + PG, PG, 'm'), "other page keeps its private copy");
	munmap(p, 2 * PG);

	/* Shared file mapping: DONTNEED keeps the data (it is in the file). */
	p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "shared file mapping");
	memset(p, 'w', PG);
	CHECK(madvise(p, 2 * PG, MADV_DONTNEED) == 0, "MADV_DONTNEED shared file");
	CHECK(all(p, PG, 'w') && all(p + PG, PG, 'f'), "shared file data survives DONTNEED");
	munmap(p, 2 * PG);
	close(fd);
	unlink("f");
	free(fbuf);
	return 0;
}
