/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * Hardware faults become signals with the right siginfo and ucontext:
 * SIGSEGV (MAPERR/ACCERR, NX, GP), SIGBUS past EOF, SIGILL (ud2), SIGFPE
 * (divide), SIGTRAP (int3); recovered with siglongjmp; blocked faults kill.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <ucontext.h>
#include "check.h"

/* tiny functions with labelled faulting instructions */
__asm__(".text\n"
	".globl faults_ud2\n.type faults_ud2, @function\n"
	"faults_ud2:\n\tud2\n\tret\n"
	".globl faults_div0\n.type faults_div0, @function\n"
	"faults_div0:\n\tmov $1, %eax\n\txor %edx, %edx\n\txor %ecx, %ecx\n"
	".globl faults_div0_insn\nfaults_div0_insn:\n\tidiv %ecx\n\tret\n"
	".globl faults_divovf\n.type faults_divovf, @function\n"
	"faults_divovf:\n\tmov $0x80000000, %eax\n\tcltd\n\tmov $-1, %ecx\n"
	".globl faults_divovf_insn\nfaults_divovf_insn:\n\tidiv %ecx\n\tret\n"
	".globl faults_int3\n.type faults_int3, @function\n"
	"faults_int3:\n\tint3\n"
	".globl faults_int3_after\nfaults_int3_after:\n\tret\n"
	".globl faults_hlt\n.type faults_hlt, @function\n"
	"faults_hlt:\n\thlt\n\tret\n");

void faults_ud2(void);
void faults_div0(void);
void faults_divovf(void);
void faults_int3(void);
void faults_hlt(void);
extern char faults_div0_insn[], faults_divovf_insn[], faults_int3_after[];

static sigjmp_buf jb;
static volatile int f_sig, f_code, f_jump = 1;
static volatile long f_trapno, f_err;
static volatile uintptr_t f_addr, f_rip;
static int *volatile null_ptr;

static void handler(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;

	f_sig = sig;
	f_code = si->si_code;
	f_addr = (uintptr_t)si->si_addr;
	f_rip = uc->uc_mcontext.gregs[REG_RIP];
	f_trapno = uc->uc_mcontext.gregs[REG_TRAPNO];
	f_err = uc->uc_mcontext.gregs[REG_ERR];
	if (f_jump)
		siglongjmp(jb, 1);
}

static void reset(void)
{
	f_sig = f_code = 0;
	f_addr = f_rip = 1;
	f_trapno = f_err = -1;
}

#define FAULT(stmt)                              \
	do {                                     \
		reset();                         \
		if (sigsetjmp(jb, 1) == 0) {     \
			stmt;                    \
		}                                \
	} while (0)

static pid_t xfork(void)
{
	pid_t pid = fork();

	if (pid < 0) {
		perror("fork");
		exit(2);
	}
	return pid;
}

int main(void)
{
	struct sigaction sa;
	volatile char *page;
	int fd, st;
	pid_t pid;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	sigaction(SIGTRAP, &sa, NULL);

	/* NULL write */
	FAULT(*null_ptr = 1);
	CHECK(f_sig == SIGSEGV, "NULL write -> SIGSEGV");
	CHECK(f_code == SEGV_MAPERR, "si_code SEGV_MAPERR");
	CHECK(f_addr == 0, "si_addr == 0");
	CHECK(f_trapno == 14, "trapno 14 (page fault)");
	CHECK((f_err & 6) == 6, "error code: user write");
	{
		sigset_t cur;

		sigprocmask(SIG_SETMASK, NULL, &cur);
		CHECK(!sigismember(&cur, SIGSEGV), "siglongjmp restored the mask");
	}

	/* unmapped page */
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap((void *)page, 4096);
	FAULT((void)page[8]);
	CHECK(f_sig == SIGSEGV && f_code == SEGV_MAPERR && f_addr == (uintptr_t)page + 8,
	      "read of unmapped page -> SEGV_MAPERR at the address");
	CHECK((f_err & 2) == 0, "error code: read");

	/* read-only page */
	page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	FAULT(page[100] = 1);
	CHECK(f_sig == SIGSEGV && f_code == SEGV_ACCERR && f_addr == (uintptr_t)page + 100,
	      "write to PROT_READ page -> SEGV_ACCERR at the address");
	CHECK((f_err & 6) == 6, "error code: user write");
	CHECK(page[100] == 0, "page still readable and unchanged");

	/* PROT_NONE */
	mprotect((void *)page, 4096, PROT_NONE);
	FAULT((void)page[5]);
	CHECK(f_sig == SIGSEGV && f_code == SEGV_ACCERR && f_addr == (uintptr_t)page + 5,
	      "read of PROT_NONE page -> SEGV_ACCERR");

	/* executing a non-executable page */
	mprotect((void *)page, 4096, PROT_READ | PROT_WRITE);
	page[0] = (char)0xc3;	/* ret */
	mprotect((void *)page, 4096, PROT_READ);
	FAULT(((void (*)(void))page)());
	CHECK(f_sig == SIGSEGV && f_code == SEGV_ACCERR && f_addr == (uintptr_t)page,
	      "call into a non-exec page -> SEGV_ACCERR at the page");
	CHECK(f_rip == (uintptr_t)page, "RIP is the page address");
	CHECK((f_err & 0x10) == 0x10, "error code: instruction fetch");
	mprotect((void *)page, 4096, PROT_READ | PROT_EXEC);
	FAULT(((void (*)(void))page)());
	CHECK(f_sig == 0, "after mprotect(PROT_EXEC) the call returns");
	munmap((void *)page, 4096);

	/* general protection: hlt in user mode */
	FAULT(faults_hlt());
	CHECK(f_sig == SIGSEGV && f_code == SI_KERNEL && f_addr == 0,
	      "hlt -> SIGSEGV, si_code SI_KERNEL, si_addr 0");
	CHECK(f_rip == (uintptr_t)faults_hlt && f_trapno == 13, "RIP at hlt, trapno 13");

	/* SIGBUS: mapping beyond end of file */
	fd = open("busfile", O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0 && write(fd, "0123456789", 10) == 10, "create 10-byte file");
	page = mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(page != MAP_FAILED, "mmap 2 pages of it");
	FAULT((void)page[200]);
	CHECK(f_sig == 0 && page[3] == '3' && page[200] == 0,
	      "rest of the last file page reads as zeros");
	FAULT((void)page[4096 + 16]);
	CHECK(f_sig == SIGBUS && f_code == BUS_ADRERR && f_addr == (uintptr_t)page + 4096 + 16,
	      "page past EOF -> SIGBUS BUS_ADRERR at the address");
	munmap((void *)page, 8192);
	close(fd);
	unlink("busfile");

	/* SIGILL */
	FAULT(faults_ud2());
	CHECK(f_sig == SIGILL && f_code == ILL_ILLOPN, "ud2 -> SIGILL ILL_ILLOPN");
	CHECK(f_addr == (uintptr_t)faults_ud2 && f_rip == (uintptr_t)faults_ud2,
	      "si_addr and RIP at the ud2");
	CHECK(f_trapno == 6, "trapno 6 (#UD)");

	/* SIGFPE */
	FAULT(faults_div0());
	CHECK(f_sig == SIGFPE && f_code == FPE_INTDIV, "idiv by zero -> SIGFPE FPE_INTDIV");
	CHECK(f_addr == (uintptr_t)faults_div0_insn && f_rip == (uintptr_t)faults_div0_insn,
	      "si_addr and RIP at the idiv");
	CHECK(f_trapno == 0, "trapno 0 (#DE)");
	FAULT(faults_divovf());
	CHECK(f_sig == SIGFPE && f_code == FPE_INTDIV && f_addr == (uintptr_t)faults_divovf_insn,
	      "INT_MIN / -1 -> SIGFPE FPE_INTDIV");

	/* SIGTRAP: the handler returns, execution continues after int3 */
	f_jump = 0;
	reset();
	faults_int3();
	f_jump = 1;
	CHECK(f_sig == SIGTRAP && f_code == SI_KERNEL, "int3 -> SIGTRAP, si_code SI_KERNEL");
	CHECK(f_rip == (uintptr_t)faults_int3_after, "RIP is after the int3");
	CHECK(f_trapno == 3, "trapno 3 (#BP)");

	/* the kernel reports bad user pointers as EFAULT, not a signal */
	{
		int p[2];

		CHECK(pipe(p) == 0, "pipe");
		reset();
		CHECK_ERR(syscall(SYS_write, p[1], 8, 1), EFAULT,
			  "write from bad pointer -> EFAULT");
		CHECK(f_sig == 0, "no signal for EFAULT");
		close(p[0]);
		close(p[1]);
	}

	/* a fault with the signal blocked or ignored kills the process */
	pid = xfork();
	if (pid == 0) {
		sigset_t s;

		prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
		sigemptyset(&s);
		sigaddset(&s, SIGSEGV);
		sigprocmask(SIG_BLOCK, &s, NULL);
		*null_ptr = 1;
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV,
	      "fault with SIGSEGV blocked kills the process");
	pid = xfork();
	if (pid == 0) {
		prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
		signal(SIGILL, SIG_IGN);
		faults_ud2();
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGILL,
	      "fault with SIGILL ignored kills the process");
	pid = xfork();
	if (pid == 0) {
		prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
		signal(SIGFPE, SIG_DFL);
		faults_div0();
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGFPE,
	      "unhandled SIGFPE kills the process");
	return 0;
}
