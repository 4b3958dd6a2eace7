/* tags: mm signal */
/* SPDX-License-Identifier: MIT */
/*
 * munmap: unmapped memory faults with SIGSEGV/SEGV_MAPERR at the right
 * address, partial unmaps split a mapping, and bad arguments are EINVAL.
 */
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include "check.h"

#define PG 4096

static sigjmp_buf jb;
static volatile int fault_sig, fault_code;
static void *volatile fault_addr;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
	fault_sig = sig;
	fault_code = si->si_code;
	fault_addr = si->si_addr;
	siglongjmp(jb, 1);
}

/* Returns 0 if the byte at p can be read, else the signal number. */
static int try_read(volatile char *p)
{
	fault_sig = 0;
	fault_code = 0;
	fault_addr = NULL;
	if (sigsetjmp(jb, 1))
		return fault_sig;
	(void)*p;
	return 0;
}

static int try_write(volatile char *p)
{
	fault_sig = 0;
	if (sigsetjmp(jb, 1))
		return fault_sig;
	*p = 1;
	return 0;
}

int main(void)
{
	struct sigaction sa;
	char *p, *q;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	CHECK(sigaction(SIGSEGV, &sa, NULL) == 0, "sigaction SIGSEGV");

	/* Whole unmap. */
	p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "map 2 pages");
	memset(p, 'a', 2 * PG);
	CHECK(try_read(p + PG) == 0, "mapped memory is readable");
	CHECK(munmap(p, 2 * PG) == 0, "munmap 2 pages");
	CHECK(try_read(p) == SIGSEGV, "read after munmap is SIGSEGV");
	CHECK(fault_code == SEGV_MAPERR, "si_code is SEGV_MAPERR");
	CHECK(fault_addr == p, "si_addr is the faulting address");
	CHECK(try_write(p + PG + 5) == SIGSEGV, "write after munmap is SIGSEGV");
	CHECK(try_read(p + PG + 5) == SIGSEGV && fault_addr == p + PG + 5,
	      "si_addr of a fault inside the second page");

	/* Unmapping the middle page splits the mapping. */
	p = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "map 3 pages");
	memset(p, 'b', 3 * PG);
	CHECK(munmap(p + PG, PG) == 0, "munmap the middle page");
	CHECK(try_read(p) == 0 && p[PG - 1] == 'b', "first page still there");
	CHECK(try_read(p + 2 * PG) == 0 && p[3 * PG - 1] == 'b', "last page still there");
	CHECK(try_read(p + PG + 100) == SIGSEGV && fault_code == SEGV_MAPERR,
	      "middle page faults with SEGV_MAPERR");
	CHECK(try_write(p + 2 * PG) == 0, "last page still writable");

	/* Unmapping a range that covers the hole and both pieces. */
	CHECK(munmap(p, 3 * PG) == 0, "munmap over a hole");
	CHECK(try_read(p) == SIGSEGV && try_read(p + 2 * PG) == SIGSEGV,
	      "both pieces are gone");
	CHECK(munmap(p, 3 * PG) == 0, "munmap of an unmapped range succeeds");

	/* Unaligned length is rounded up. */
	p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(munmap(p, PG + 1) == 0, "munmap with length PG+1");
	CHECK(try_read(p + PG) == SIGSEGV, "rounded-up length unmapped the second page");

	/* Unmapping the head of a mapping. */
	p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 'c', 4 * PG);
	CHECK(munmap(p, PG) == 0, "munmap the first page");
	CHECK(try_read(p) == SIGSEGV, "first page is gone");
	CHECK(try_read(p + PG) == 0 && p[PG] == 'c' && p[4 * PG - 1] == 'c', "the rest is intact");
	CHECK(munmap(p + 3 * PG, PG) == 0, "munmap the last page");
	CHECK(try_read(p + 3 * PG) == SIGSEGV && try_read(p + 2 * PG) == 0,
	      "tail is gone, the rest stays");

	/* A new mapping can reuse the freed range. */
	q = mmap(p, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(q == p && q[0] == 0, "freed range can be mapped again");
	CHECK(munmap(p, 4 * PG) == 0, "munmap the rest");

	/* Errors. */
	CHECK_ERR(munmap(p + 1, PG), EINVAL, "unaligned address is EINVAL");
	CHECK_ERR(munmap(p, 0), EINVAL, "length 0 is EINVAL");
	CHECK_ERR(munmap((void *)(~0UL & ~(PG - 1UL)), PG), EINVAL,
		  "range beyond the address space is EINVAL");
	return 0;
}
