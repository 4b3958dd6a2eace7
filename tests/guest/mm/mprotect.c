/* tags: mm signal */
/* SPDX-License-Identifier: MIT */
/*
 * mprotect: PROT_NONE and PROT_READ fault with SEGV_ACCERR, going back to
 * read-write keeps the data, PROT_EXEC runs code, and the error cases.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
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

static int try_read(volatile char *p)
{
	fault_sig = 0;
	fault_code = 0;
	if (sigsetjmp(jb, 1))
		return fault_sig;
	(void)*p;
	return 0;
}

static int try_write(volatile char *p)
{
	fault_sig = 0;
	fault_code = 0;
	if (sigsetjmp(jb, 1))
		return fault_sig;
	*p = 'w';
	return 0;
}

/* Calls code at p expecting it to return 42; returns the signal on a fault. */
static int try_call(void *p, volatile int *ret)
{
	fault_sig = 0;
	if (sigsetjmp(jb, 1))
		return fault_sig;
	*ret = ((int (*)(void))p)();
	return 0;
}

int main(void)
{
	/* mov $42, %eax; ret */
	static const unsigned char code[] = { 0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3 };
	struct sigaction sa;
	volatile int ret = 0;
	char *p;
	int fd;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	CHECK(sigaction(SIGSEGV, &sa, NULL) == 0, "sigaction SIGSEGV");

	p = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "map 3 pages read-write");
	memset(p, 'd', 3 * PG);

	CHECK(mprotect(p, 3 * PG, PROT_NONE) == 0, "mprotect PROT_NONE");
	CHECK(try_read(p + 10) == SIGSEGV, "read of PROT_NONE is SIGSEGV");
	CHECK(fault_code == SEGV_ACCERR, "si_code is SEGV_ACCERR");
	CHECK(fault_addr == p + 10, "si_addr is the faulting address");
	CHECK(try_write(p + PG) == SIGSEGV && fault_code == SEGV_ACCERR,
	      "write of PROT_NONE is SIGSEGV/SEGV_ACCERR");

	CHECK(mprotect(p, 3 * PG, PROT_READ) == 0, "mprotect PROT_READ");
	CHECK(try_read(p + 10) == 0 && p[10] == 'd', "PROT_READ memory reads the old data");
	CHECK(try_write(p + 10) == SIGSEGV && fault_code == SEGV_ACCERR,
	      "write of PROT_READ is SIGSEGV/SEGV_ACCERR");
	CHECK(p[10] == 'd', "faulting write did not change memory");

	CHECK(mprotect(p, 3 * PG, PROT_READ | PROT_WRITE) == 0, "mprotect back to read-write");
	CHECK(try_write(p + 10) == 0 && p[10] == 'w', "write works again");
	CHECK(p[0] == 'd' && p[3 * PG - 1] == 'd', "data survived the protection changes");

	/* Protecting only the middle page. */
	CHECK(mprotect(p + PG, PG, PROT_READ) == 0, "mprotect the middle page read-only");
	CHECK(try_write(p) == 0 && try_write(p + 2 * PG) == 0, "outer pages stay writable");
	CHECK(try_write(p + PG + 1) == SIGSEGV, "middle page is read-only");
	CHECK(try_read(p + PG + 1) == 0, "middle page is readable");

	/* Unaligned length is rounded up to the page. */
	CHECK(mprotect(p + 2 * PG, 1, PROT_NONE) == 0, "mprotect one byte");
	CHECK(try_read(p + 3 * PG - 1) == SIGSEGV, "the whole page is affected");
	CHECK(mprotect(p, 3 * PG, PROT_READ | PROT_WRITE) == 0, "everything read-write again");

	/* Executable memory. */
	memcpy(p, code, sizeof(code));
	CHECK(try_call(p, &ret) == SIGSEGV, "executing a non-PROT_EXEC page is SIGSEGV");
	CHECK(mprotect(p, PG, PROT_READ | PROT_EXEC) == 0, "mprotect PROT_READ|PROT_EXEC");
	ret = 0;
	CHECK(try_call(p, &ret) == 0 && ret == 42, "code in a PROT_EXEC page runs");
	CHECK(try_write(p) == SIGSEGV, "PROT_READ|PROT_EXEC page is not writable");

	/* Errors. */
	/* musl's mprotect() rounds the address down itself, so use the syscall. */
	CHECK_ERR(syscall(SYS_mprotect, p + 1, PG, PROT_READ), EINVAL,
		  "unaligned address is EINVAL");
	CHECK_ERR(mprotect(p, PG, 0x1000), EINVAL, "unknown prot bit is EINVAL");
	CHECK(munmap(p + PG, PG) == 0, "unmap the middle page");
	CHECK_ERR(mprotect(p + PG, PG, PROT_READ), ENOMEM, "unmapped range is ENOMEM");
	CHECK_ERR(mprotect(p, 3 * PG, PROT_READ), ENOMEM, "range with a hole is ENOMEM");
	CHECK(mprotect(p, 0, PROT_READ) == 0, "length 0 succeeds");
	munmap(p, 3 * PG);

	/* A read-only file's shared mapping can't be made writable. */
	fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0 && ftruncate(fd, PG) == 0, "create a one-page file");
	close(fd);
	fd = open("f", O_RDONLY);
	p = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "shared read-only file mapping");
	CHECK_ERR(mprotect(p, PG, PROT_READ | PROT_WRITE), EACCES,
		  "PROT_WRITE on a shared mapping of an O_RDONLY fd is EACCES");
	munmap(p, PG);
	p = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED && mprotect(p, PG, PROT_READ | PROT_WRITE) == 0,
	      "PROT_WRITE on a private mapping of an O_RDONLY fd is allowed");
	CHECK(try_write(p) == 0, "and the private page is writable");
	munmap(p, PG);
	close(fd);
	unlink("f");
	return 0;
}
