/* tags: mm */
/* SPDX-License-Identifier: MIT */
/*
 * Anonymous mmap: private and shared mappings are page aligned, zero-filled
 * and usable; bad lengths, flags and offsets fail with the right errno.
 */
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include "check.h"

static long raw_mmap(void *addr, size_t len, int prot, int flags, int fd, long off)
{
	return syscall(SYS_mmap, addr, len, prot, flags, fd, off);
}

static int all_zero(const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i])
			return 0;
	return 1;
}

int main(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	size_t len = 3 * pg;
	char *p, *q;
	size_t i;
	int ok;

	CHECK(pg == 4096, "page size is 4096");

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "private anonymous mapping");
	CHECK(((uintptr_t)p & (pg - 1)) == 0, "mapping is page aligned");
	CHECK(all_zero(p, len), "private anonymous memory is zero-filled");
	for (i = 0; i < len; i++)
		p[i] = (char)(i * 7);
	ok = 1;
	for (i = 0; i < len; i++)
		if (p[i] != (char)(i * 7))
			ok = 0;
	CHECK(ok, "private anonymous memory keeps what was written");
	CHECK(munmap(p, len) == 0, "munmap private mapping");

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "shared anonymous mapping");
	CHECK(all_zero(p, len), "shared anonymous memory is zero-filled");
	memset(p, 0x33, len);
	CHECK(p[0] == 0x33 && p[len - 1] == 0x33, "shared anonymous memory is writable");
	CHECK(munmap(p, len) == 0, "munmap shared mapping");

	/* Length not a page multiple is rounded up. */
	p = mmap(NULL, 100, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "mapping of 100 bytes");
	CHECK(all_zero(p, pg), "whole page of a short mapping is zero");
	p[pg - 1] = 1;
	CHECK(p[pg - 1] == 1, "whole page of a short mapping is writable");
	CHECK(munmap(p, 100) == 0, "munmap of 100 bytes");

	/* Two live mappings do not overlap. */
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	q = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED && q != MAP_FAILED, "two mappings");
	CHECK(q + len <= p || p + len <= q, "two mappings do not overlap");
	memset(p, 1, len);
	memset(q, 2, len);
	CHECK(p[len - 1] == 1 && q[0] == 2, "two mappings are independent");
	munmap(p, len);
	munmap(q, len);

	/* A read-only mapping can be read. */
	p = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED && all_zero(p, len), "read-only anonymous mapping reads zero");
	munmap(p, len);

	/* The fd is ignored for MAP_ANONYMOUS. */
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, 99, 0);
	CHECK(p != MAP_FAILED, "fd is ignored with MAP_ANONYMOUS");
	if (p != MAP_FAILED)
		munmap(p, len);

	/* MAP_POPULATE and MAP_NORESERVE are accepted. */
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE,
		 -1, 0);
	CHECK(p != MAP_FAILED && all_zero(p, len), "MAP_POPULATE");
	munmap(p, len);
	p = mmap(NULL, 64 << 20, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	CHECK(p != MAP_FAILED, "64 MiB MAP_NORESERVE");
	if (p != MAP_FAILED) {
		p[0] = 1;
		p[(64 << 20) - 1] = 2;
		CHECK(p[0] == 1 && p[(64 << 20) - 1] == 2 && p[32 << 20] == 0,
		      "touching the ends of a big mapping");
		munmap(p, 64 << 20);
	}

	/* Errors. */
	CHECK_ERR(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
		  EINVAL, "length 0 is EINVAL");
	CHECK_ERR(raw_mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL,
		  "raw length 0 is EINVAL");
	CHECK_ERR(raw_mmap(NULL, pg, PROT_READ, MAP_ANONYMOUS, -1, 0), EINVAL,
		  "neither MAP_PRIVATE nor MAP_SHARED is EINVAL");
	CHECK_ERR(raw_mmap(NULL, pg, PROT_READ, 0x0f | MAP_ANONYMOUS, -1, 0), EINVAL,
		  "unknown mapping type is EINVAL");
	CHECK_ERR(raw_mmap(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 100), EINVAL,
		  "unaligned offset is EINVAL");
	CHECK_ERR(raw_mmap(NULL, SIZE_MAX, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), ENOMEM,
		  "length that overflows when rounded is ENOMEM");
	CHECK_ERR(raw_mmap(NULL, (size_t)1 << 47, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
		  ENOMEM, "length larger than the address space is ENOMEM");
	CHECK_ERR(mmap(NULL, (size_t)1 << 47, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
		  ENOMEM, "libc mmap of a huge length is ENOMEM");
	CHECK_ERR(raw_mmap(NULL, pg, PROT_READ, MAP_PRIVATE, -1, 0), EBADF,
		  "file mapping of fd -1 is EBADF");
	return 0;
}
