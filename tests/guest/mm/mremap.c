/* tags: mm signal */
/* SPDX-License-Identifier: MIT */
/*
 * mremap: growing in place, growing with MREMAP_MAYMOVE and moving with
 * MREMAP_FIXED keep the contents; shrinking unmaps the tail; error cases.
 */
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include "check.h"

#define PG 4096

static sigjmp_buf jb;
static volatile int fault_sig;

static void on_fault(int sig)
{
	fault_sig = sig;
	siglongjmp(jb, 1);
}

static int try_read(volatile char *p)
{
	fault_sig = 0;
	if (sigsetjmp(jb, 1))
		return fault_sig;
	(void)*p;
	return 0;
}

static void fill(char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (char)(i % 251);
}

static int check_fill(const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != (char)(i % 251))
			return 0;
	return 1;
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
	struct sigaction sa;
	char *p, *q, *r, *blk;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fault;
	sigemptyset(&sa.sa_mask);
	CHECK(sigaction(SIGSEGV, &sa, NULL) == 0 && sigaction(SIGBUS, &sa, NULL) == 0,
	      "sigaction SIGSEGV and SIGBUS");

	/*
	 * Grow in place: map 5 pages, drop pages 2 and 3, grow the first 2 back.
	 * Page 4 stays as a read-only blocker.
	 */
	p = mmap(NULL, 5 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "map 5 pages");
	blk = p + 4 * PG;
	CHECK(mprotect(blk, PG, PROT_READ) == 0, "make page 4 a read-only blocker");
	CHECK(munmap(p + 2 * PG, 2 * PG) == 0, "free pages 2 and 3");
	fill(p, 2 * PG);
	q = mremap(p, 2 * PG, 4 * PG, 0);
	CHECK(q == p, "grow in place without MREMAP_MAYMOVE");
	CHECK(check_fill(p, 2 * PG), "contents kept");
	CHECK(all_zero(p + 2 * PG, 2 * PG), "grown part is zero");
	p[4 * PG - 1] = 1;
	CHECK(p[4 * PG - 1] == 1, "grown part is writable");

	/* Growing without MAYMOVE when the next page is taken fails. */
	fill(p, 4 * PG);
	CHECK_ERR(mremap(p, 4 * PG, 8 * PG, 0), ENOMEM,
		  "grow into a used page without MREMAP_MAYMOVE is ENOMEM");
	CHECK(check_fill(p, 4 * PG), "failed mremap leaves the mapping alone");

	/* With MAYMOVE the mapping may move; contents follow it. */
	q = mremap(p, 4 * PG, 64 * PG, MREMAP_MAYMOVE);
	CHECK(q != MAP_FAILED, "grow with MREMAP_MAYMOVE");
	CHECK(q != p, "mapping moved past the blocker");
	CHECK(check_fill(q, 4 * PG), "moved mapping keeps its contents");
	CHECK(all_zero(q + 4 * PG, 60 * PG), "grown part of the moved mapping is zero");
	CHECK(try_read(p) == SIGSEGV, "old address is unmapped after the move");
	CHECK(blk[0] == 0, "blocker page untouched");
	munmap(blk, PG);
	p = q;

	/* Shrink. */
	q = mremap(p, 64 * PG, 2 * PG, 0);
	CHECK(q == p, "shrink stays in place");
	CHECK(check_fill(p, 2 * PG), "shrunk mapping keeps its head");
	CHECK(try_read(p + 2 * PG) == SIGSEGV, "tail past the shrunk size is unmapped");
	CHECK(try_read(p + 63 * PG) == SIGSEGV, "end of the old range is unmapped");

	/* Move to a chosen address with MREMAP_FIXED. */
	r = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(r != MAP_FAILED, "target range");
	memset(r, 'T', 4 * PG);
	q = mremap(p, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, r + PG);
	CHECK(q == r + PG, "MREMAP_FIXED moves to the requested address");
	CHECK(check_fill(r + PG, 2 * PG), "moved contents replace the target pages");
	CHECK(r[0] == 'T' && r[4 * PG - 1] == 'T', "target pages around it are kept");
	CHECK(try_read(p) == SIGSEGV, "source of the fixed move is unmapped");

	/*
	 * A shared anonymous mapping can be grown, but its backing object keeps
	 * its size: pages past the original length raise SIGBUS.
	 */
	q = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	q[0] = 's';
	q = mremap(q, PG, 3 * PG, MREMAP_MAYMOVE);
	CHECK(q != MAP_FAILED && q[0] == 's', "grow a shared anonymous mapping");
	if (q != MAP_FAILED) {
		CHECK(try_read(q + 2 * PG) == SIGBUS, "past its object's size is SIGBUS");
		munmap(q, 3 * PG);
	}

	/* Errors. */
	CHECK_ERR(syscall(SYS_mremap, r + 1, PG, 2 * PG, MREMAP_MAYMOVE), EINVAL,
		  "unaligned old address is EINVAL");
	CHECK_ERR(mremap(r, PG, 0, MREMAP_MAYMOVE), EINVAL, "new length 0 is EINVAL");
	CHECK_ERR(mremap(r, PG, 2 * PG, 0x80), EINVAL, "unknown flag is EINVAL");
	CHECK_ERR(syscall(SYS_mremap, r, PG, PG, MREMAP_FIXED, r + 8 * PG), EINVAL,
		  "MREMAP_FIXED without MREMAP_MAYMOVE is EINVAL");
	CHECK_ERR(mremap(r, 2 * PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, r + PG),
		  EINVAL, "overlapping MREMAP_FIXED target is EINVAL");
	CHECK_ERR(mremap(p, PG, 2 * PG, MREMAP_MAYMOVE), EFAULT, "unmapped old address is EFAULT");
	CHECK(r[0] == 'T' && check_fill(r + PG, 2 * PG), "failed calls changed nothing");
	CHECK(munmap(r, 4 * PG) == 0, "munmap");
	return 0;
}
