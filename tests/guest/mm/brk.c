/* tags: mm signal */
/* SPDX-License-Identifier: MIT */
/*
 * The program break: raw brk(2) grows and shrinks it, grown memory is usable
 * and zero-filled, memory above a shrunk break faults, bad requests leave it.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include "check.h"

static sigjmp_buf jb;
static volatile int fault_sig;

static void on_fault(int sig)
{
	fault_sig = sig;
	siglongjmp(jb, 1);
}

/* Returns 0 if the byte at p can be written, else the signal number. */
static int try_write(volatile char *p)
{
	fault_sig = 0;
	if (sigsetjmp(jb, 1))
		return fault_sig;
	*p = 1;
	return 0;
}

static uintptr_t raw_brk(uintptr_t addr)
{
	return (uintptr_t)syscall(SYS_brk, addr);
}

int main(void)
{
	const uintptr_t grow = 1 << 20;
	long pg = sysconf(_SC_PAGESIZE);
	struct sigaction sa;
	uintptr_t cur, r, top;
	char *p;
	size_t i;
	int ok;

	/* Let libc set up malloc and stdout before the break moves under it. */
	p = malloc(64);
	CHECK(p != NULL, "malloc before moving the break");
	free(p);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fault;
	sigemptyset(&sa.sa_mask);
	CHECK(sigaction(SIGSEGV, &sa, NULL) == 0, "sigaction SIGSEGV");

	cur = raw_brk(0);
	CHECK(cur != 0 && cur != (uintptr_t)-1, "brk(0) returns the current break");
	CHECK(raw_brk(0) == cur, "brk(0) is stable");
	CHECK((uintptr_t)sbrk(0) == cur, "sbrk(0) agrees with brk(0)");

	r = raw_brk(cur + grow);
	CHECK(r == cur + grow, "brk grows by 1 MiB");
	CHECK(raw_brk(0) == cur + grow, "brk(0) reports the grown break");

	p = (char *)cur;
	ok = 1;
	for (i = 0; i < grow; i += pg)
		if (p[i] != 0)
			ok = 0;
	CHECK(ok, "grown memory reads as zero");
	memset(p, 0x5a, grow);
	ok = 1;
	for (i = 0; i < grow; i++)
		if (p[i] != 0x5a) {
			ok = 0;
			break;
		}
	CHECK(ok, "grown memory is writable and keeps its contents");

	/* Shrink to one page past cur: the rest is unmapped. */
	top = (cur + pg + pg - 1) & ~(uintptr_t)(pg - 1);
	r = raw_brk(cur + pg);
	CHECK(r == cur + pg, "brk shrinks");
	CHECK(p[0] == 0x5a, "memory below the shrunk break is kept");
	CHECK(try_write((char *)top + 16 * pg) == SIGSEGV, "memory above the shrunk break faults");

	/* Grow again: the re-added pages are fresh zero pages. */
	r = raw_brk(cur + grow);
	CHECK(r == cur + grow, "brk grows again");
	CHECK(p[grow - 1] == 0 && p[grow / 2] == 0, "re-grown pages are zero");
	CHECK(try_write(p + grow - 1) == 0, "re-grown pages are writable");

	/* Failures: the raw syscall returns the unchanged break. */
	r = raw_brk(4096);
	CHECK(r == cur + grow, "brk below the data segment fails, break unchanged");
	r = raw_brk((uintptr_t)1 << 47);
	CHECK(r == cur + grow, "brk past the address space fails, break unchanged");
	CHECK(raw_brk(0) == cur + grow, "break still where it was");

	r = raw_brk(cur);
	CHECK(r == cur, "brk restored to its starting value");
	CHECK(try_write(p + 16 * pg) == SIGSEGV, "memory above the restored break faults");

	/* malloc still works afterwards. */
	p = malloc(100000);
	CHECK(p != NULL, "malloc after brk games");
	if (p) {
		memset(p, 1, 100000);
		free(p);
	}
	return 0;
}
