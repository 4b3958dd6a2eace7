/* tags: sandbox-only */
/* SPDX-License-Identifier: MIT */
/*
 * ukern keeps its stub above the guest's address space limit: the guest
 * cannot map, protect, unmap or move memory there, a hint there is not
 * honoured, and nothing the guest sees lives there. Everything at or above
 * 0x7fe000000000 is out of reach; so is the ptrace platform's stub at
 * 0x7fd000000000 (STUB_BASE in src/platform/ptrace/stub_layout.h, above
 * GUEST_TASK_SIZE 0x7fc000000000 in src/abi/types.h).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdint.h>
#include <sys/mman.h>
#include "check.h"

#define LIMIT 0x7fe000000000UL
#define STUB 0x7ff000000000UL
#define PTRACE_STUB 0x7fd000000000UL
#define PAGE 4096UL

static int fixed_fails(unsigned long addr, size_t len, int extra)
{
	void *p = mmap((void *)addr, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | extra, -1, 0);

	if (p != MAP_FAILED) {
		munmap(p, len);
		errno = 0;
		return 0;
	}
	return errno == ENOMEM;
}

/* every mapping listed in /proc/self/maps ends at or below PTRACE_STUB */
static int maps_below_stub(void)
{
	unsigned long lo, hi;
	char line[512];
	int n = 0, ok = 1;
	FILE *f = fopen("/proc/self/maps", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx", &lo, &hi) != 2)
			continue;
		n++;
		/* the legacy vsyscall page is in the kernel half */
		if (lo >= 0xffff800000000000UL)
			continue;
		if (hi > PTRACE_STUB)
			ok = 0;
	}
	fclose(f);
	return ok && n > 0;
}

int main(void)
{
	int local;
	long r;
	int e;
	void *p, *q;

	CHECK(fixed_fails(LIMIT, PAGE, MAP_FIXED), "mmap MAP_FIXED at 0x7fe000000000 is ENOMEM");
	CHECK(fixed_fails(STUB, PAGE, MAP_FIXED), "mmap MAP_FIXED at 0x7ff000000000 is ENOMEM");
	CHECK(fixed_fails(0x7ffff7ff0000UL, PAGE, MAP_FIXED),
	      "mmap MAP_FIXED at 0x7ffff7ff0000 is ENOMEM");
	CHECK(fixed_fails(LIMIT - PAGE, 2 * PAGE, MAP_FIXED),
	      "mmap MAP_FIXED straddling 0x7fe000000000 is ENOMEM");
	CHECK(fixed_fails(STUB, PAGE, MAP_FIXED_NOREPLACE),
	      "mmap MAP_FIXED_NOREPLACE at 0x7ff000000000 is ENOMEM");
	CHECK(fixed_fails(PTRACE_STUB, PAGE, MAP_FIXED), "mmap MAP_FIXED at 0x7fd000000000 is ENOMEM");
	CHECK(fixed_fails(PTRACE_STUB, 0x200000, MAP_FIXED),
	      "mmap MAP_FIXED over 0x7fd000000000..+2M is ENOMEM");
	CHECK(fixed_fails(PTRACE_STUB - PAGE, 2 * PAGE, MAP_FIXED),
	      "mmap MAP_FIXED straddling 0x7fd000000000 is ENOMEM");
	CHECK_ERR(mprotect((void *)STUB, PAGE, PROT_READ), ENOMEM,
		  "mprotect at 0x7ff000000000 is ENOMEM");
	CHECK_ERR(mprotect((void *)LIMIT, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC), ENOMEM,
		  "mprotect at 0x7fe000000000 is ENOMEM");
	CHECK_ERR(mprotect((void *)PTRACE_STUB, PAGE, PROT_READ | PROT_WRITE), ENOMEM,
		  "mprotect at 0x7fd000000000 is ENOMEM");

	/* Linux: munmap above the task size is EINVAL; the stub must survive it */
	errno = 0;
	r = munmap((void *)PTRACE_STUB, 0x200000);
	e = errno; /* CHECK() clears errno before it evaluates */
	CHECK(r == 0 || e == EINVAL, "munmap at 0x7fd000000000 is EINVAL or a no-op");
	CHECK(getppid() >= 0 && getpid() > 0, "system calls still work after it");

	p = mmap((void *)STUB, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "mmap with a hint of 0x7ff000000000 succeeds");
	CHECK(p != MAP_FAILED && (uintptr_t)p + PAGE <= LIMIT,
	      "and returns an address below 0x7fe000000000");
	CHECK(p != MAP_FAILED && (uintptr_t)p + PAGE <= PTRACE_STUB,
	      "and below 0x7fd000000000");
	if (p != MAP_FAILED) {
		*(volatile int *)p = 42;
		CHECK(*(volatile int *)p == 42, "the hinted mapping is usable");
	}

	q = mmap((void *)PTRACE_STUB, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(q != MAP_FAILED && (uintptr_t)q + PAGE <= PTRACE_STUB,
	      "a hint of 0x7fd000000000 gives a mapping below it");
	if (q != MAP_FAILED)
		munmap(q, PAGE);
	q = mmap((void *)(LIMIT - PAGE), 2 * PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(q != MAP_FAILED && (uintptr_t)q + 2 * PAGE <= LIMIT,
	      "a hint straddling 0x7fe000000000 gives a mapping below it");
	if (q != MAP_FAILED)
		munmap(q, 2 * PAGE);

	if (p != MAP_FAILED) {
		q = mremap(p, PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, (void *)STUB);
		e = errno;
		CHECK(q == MAP_FAILED && (e == EINVAL || e == ENOMEM), "mremap to 0x7ff000000000 fails");
		q = mremap(p, PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, (void *)PTRACE_STUB);
		e = errno;
		CHECK(q == MAP_FAILED && (e == EINVAL || e == ENOMEM), "mremap to 0x7fd000000000 fails");
		CHECK(*(volatile int *)p == 42, "the mapping stays where it was");
		munmap(p, PAGE);
	}

	CHECK((uintptr_t)&local < PTRACE_STUB, "the stack is below 0x7fd000000000");
	CHECK((uintptr_t)main < PTRACE_STUB, "the program is below 0x7fd000000000");
	CHECK(maps_below_stub(), "/proc/self/maps shows nothing at or above 0x7fd000000000");
	return 0;
}
