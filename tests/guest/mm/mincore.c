/* tags: mm */
/* SPDX-License-Identifier: MIT */
/*
 * mincore: touched pages are reported resident, untouched private anonymous
 * pages are not, DONTNEED drops residency; EINVAL/ENOMEM/EFAULT cases.
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include "check.h"

#define PG 4096

int main(void)
{
	unsigned char vec[8];
	char *r, *p, *f;
	int fd;

	/*
	 * Four read-write pages between PROT_NONE guards, so that the mapping is
	 * never merged into a larger one that could be backed by a huge page.
	 */
	r = mmap(NULL, 6 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(r != MAP_FAILED, "reserve 6 pages");
	p = r + PG;
	CHECK(mprotect(p, 4 * PG, PROT_READ | PROT_WRITE) == 0, "4 private read-write pages");
	p[0] = 1;
	p[2 * PG + 7] = 1;
	memset(vec, 0xee, sizeof(vec));
	CHECK(mincore(p, 4 * PG, vec) == 0, "mincore");
	CHECK((vec[0] & 1) && (vec[2] & 1), "touched pages are resident");
	CHECK(!(vec[1] & 1) && !(vec[3] & 1), "untouched pages are not resident");
	CHECK((vec[0] & ~1) == 0 && (vec[1] & ~1) == 0, "only the low bit is used");
	CHECK(vec[4] == 0xee, "no byte past the range is written");

	CHECK(madvise(p, PG, MADV_DONTNEED) == 0, "MADV_DONTNEED page 0");
	CHECK(mincore(p, 4 * PG, vec) == 0 && !(vec[0] & 1) && (vec[2] & 1),
	      "dropped page is no longer resident");

	/* Unaligned length is rounded up. */
	memset(vec, 0xee, sizeof(vec));
	CHECK(mincore(p + 2 * PG, 1, vec) == 0 && (vec[0] & 1) && vec[1] == 0xee,
	      "length 1 reports one page");
	CHECK(mincore(p, 0, vec) == 0, "length 0 succeeds");

	/* A file page that was just written is in the page cache. */
	fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0 && write(fd, "hello", 5) == 5, "create a file");
	f = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(f != MAP_FAILED && f[0] == 'h', "map it");
	CHECK(mincore(f, PG, vec) == 0 && (vec[0] & 1), "file page is resident");
	munmap(f, PG);
	close(fd);
	unlink("f");

	/* Errors. */
	CHECK_ERR(syscall(SYS_mincore, p + 1, PG, vec), EINVAL, "unaligned address is EINVAL");
	CHECK_ERR(mincore(p, PG, (unsigned char *)1), EFAULT, "bad vector is EFAULT");
	CHECK(munmap(p + PG, PG) == 0, "unmap page 1");
	CHECK_ERR(mincore(p + PG, PG, vec), ENOMEM, "unmapped page is ENOMEM");
	CHECK_ERR(mincore(p, 3 * PG, vec), ENOMEM, "range with a hole is ENOMEM");
	munmap(r, 6 * PG);
	return 0;
}
