/* tags: mm fs */
/* SPDX-License-Identifier: MIT */
/*
 * msync: MS_SYNC/MS_ASYNC/MS_INVALIDATE on shared file and anonymous
 * mappings succeed and the data is in the file; EINVAL and ENOMEM cases.
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include "check.h"

#define PG 4096

int main(void)
{
	char buf[16] = { 0 };
	char *p, *a;
	int fd;

	fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0 && ftruncate(fd, 2 * PG) == 0, "create a 2-page file");
	p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "shared file mapping");

	memcpy(p + PG + 3, "synced", 6);
	CHECK(msync(p, 2 * PG, MS_SYNC) == 0, "MS_SYNC");
	CHECK(pread(fd, buf, 6, PG + 3) == 6 && memcmp(buf, "synced", 6) == 0,
	      "data is in the file after MS_SYNC");
	memcpy(p, "async", 5);
	CHECK(msync(p, PG, MS_ASYNC) == 0, "MS_ASYNC");
	CHECK(msync(p, PG, MS_INVALIDATE) == 0, "MS_INVALIDATE");
	CHECK(msync(p, PG, MS_SYNC | MS_INVALIDATE) == 0, "MS_SYNC|MS_INVALIDATE");
	CHECK(msync(p + PG, 1, MS_SYNC) == 0, "unaligned length is fine");
	CHECK(msync(p, 0, MS_SYNC) == 0, "length 0 succeeds");
	close(fd);
	fd = open("f", O_RDONLY);
	memset(buf, 0, sizeof(buf));
	CHECK(fd >= 0 && read(fd, buf, 5) == 5 && memcmp(buf, "async", 5) == 0,
	      "data is in the file after reopening");
	close(fd);

	/* Anonymous mappings may be synced too. */
	a = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(a != MAP_FAILED && msync(a, PG, MS_SYNC) == 0, "MS_SYNC on private anonymous");
	CHECK(msync(a, PG, MS_ASYNC) == 0, "MS_ASYNC on private anonymous");

	/* Errors. */
	CHECK_ERR(msync(p + 1, PG, MS_SYNC), EINVAL, "unaligned address is EINVAL");
	CHECK_ERR(syscall(SYS_msync, p + 100, PG, MS_ASYNC), EINVAL,
		  "raw unaligned address is EINVAL");
	CHECK_ERR(msync(p, PG, MS_SYNC | MS_ASYNC), EINVAL, "MS_SYNC|MS_ASYNC is EINVAL");
	CHECK_ERR(msync(p, PG, 0x100), EINVAL, "unknown flag is EINVAL");
	CHECK(munmap(a, PG) == 0, "unmap the anonymous page");
	CHECK_ERR(msync(a, PG, MS_SYNC), ENOMEM, "unmapped range is ENOMEM");
	CHECK(munmap(p + PG, PG) == 0, "unmap the second file page");
	CHECK_ERR(msync(p, 2 * PG, MS_SYNC), ENOMEM, "range with a hole is ENOMEM");
	CHECK(munmap(p, PG) == 0, "munmap");
	unlink("f");
	return 0;
}
