/* tags: mm */
/* SPDX-License-Identifier: MIT */
/*
 * MAP_FIXED replaces whatever is mapped at the address; MAP_FIXED_NOREPLACE
 * fails with EEXIST over an existing mapping and succeeds in a hole.
 */
#include <stdint.h>
#include <sys/mman.h>
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
	char *base, *p;
	int e;

	base = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(base != MAP_FAILED, "reserve 4 pages");
	memset(base, 'A', 4 * PG);

	/* MAP_FIXED over page 1 replaces it with fresh zero memory. */
	p = mmap(base + PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		 -1, 0);
	CHECK(p == base + PG, "MAP_FIXED returns the requested address");
	CHECK(all(base + PG, PG, 0), "replaced page is zero");
	CHECK(all(base, PG, 'A') && all(base + 2 * PG, 2 * PG, 'A'),
	      "neighbouring pages keep their contents");
	memset(base + PG, 'B', PG);

	/* MAP_FIXED spanning two pages, one shared. */
	p = mmap(base + 2 * PG, 2 * PG, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(p == base + 2 * PG, "MAP_FIXED shared over two pages");
	CHECK(all(base + 2 * PG, 2 * PG, 0), "replaced shared pages are zero");
	CHECK(all(base + PG, PG, 'B'), "page before them is kept");

	/* MAP_FIXED_NOREPLACE over an existing mapping fails. */
	errno = 0;
	p = mmap(base + 2 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
		 -1, 0);
	e = errno;
	CHECK(p == MAP_FAILED && e == EEXIST, "MAP_FIXED_NOREPLACE over a mapping is EEXIST");
	errno = 0;
	p = mmap(base + PG / 2 * 7, 2 * PG, PROT_READ,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	e = errno;
	CHECK(p == MAP_FAILED && e == EINVAL, "unaligned MAP_FIXED_NOREPLACE is EINVAL");
	CHECK(all(base + PG, PG, 'B'), "failed NOREPLACE leaves contents alone");

	/* Partly overlapping NOREPLACE also fails. */
	CHECK(munmap(base + 3 * PG, PG) == 0, "punch a hole at page 3");
	errno = 0;
	p = mmap(base + 2 * PG, 2 * PG, PROT_READ,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	e = errno;
	CHECK(p == MAP_FAILED && e == EEXIST, "NOREPLACE partly over a mapping is EEXIST");

	/* NOREPLACE into the hole succeeds exactly there. */
	p = mmap(base + 3 * PG, PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	CHECK(p == base + 3 * PG, "MAP_FIXED_NOREPLACE into a hole");
	CHECK(p != MAP_FAILED && all(p, PG, 0), "hole mapping is zero");

	/* A hint for a free address is honoured without MAP_FIXED. */
	CHECK(munmap(base + 3 * PG, PG) == 0, "punch the hole again");
	p = mmap(base + 3 * PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p == base + 3 * PG, "free hint address is used");
	/* A hint for a busy address gives some other address. */
	p = mmap(base, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED && p != base, "busy hint address is not used");
	CHECK(all(base, PG, 'A'), "busy hint leaves the old mapping alone");
	if (p != MAP_FAILED)
		munmap(p, PG);

	/* MAP_FIXED errors. */
	CHECK_ERR(mmap(base + 1, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0),
		  EINVAL, "unaligned MAP_FIXED is EINVAL");
	CHECK(all(base, PG, 'A'), "failed MAP_FIXED leaves contents alone");
	CHECK_ERR(mmap((void *)((uintptr_t)1 << 47), PG, PROT_READ,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0),
		  ENOMEM, "MAP_FIXED beyond the user address space is ENOMEM");

	CHECK(munmap(base, 4 * PG) == 0, "munmap everything");
	return 0;
}
