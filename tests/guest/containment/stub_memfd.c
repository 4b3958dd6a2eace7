/* tags: sandbox-only */
/* SPDX-License-Identifier: MIT */
/*
 * On the seccomp platform a stub keeps its sysmsg memfd (host fd 5), whose
 * pages the guest can write anyway. A guest that jumps to the stub's syscall
 * instruction with pwrite64 or write on it must not be able to grow it into
 * host memory: the memfd is sealed at its size. (Under ptrace the stub has no
 * fd 5.) The stub's code after the call traps; the child's SIGTRAP handler
 * reads the call's result, which the stub moved to rdi, and exits with 0 if it
 * failed, 1 if it wrote.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>
#include "check.h"

#define STUB_SYSCALL 0x7fd000000000UL
#define STUB_FD_MSG 5

static char byte = 'x';

static void __attribute__((noreturn)) stub_call4(long nr, long a, long b, long c, long d)
{
	register long rax __asm__("rax") = nr;
	register long rdi __asm__("rdi") = a;
	register long rsi __asm__("rsi") = b;
	register long rdx __asm__("rdx") = c;
	register long r10 __asm__("r10") = d;

	__asm__ volatile("jmp *%5" : : "r"(rax), "r"(rdi), "r"(rsi), "r"(rdx), "r"(r10), "r"(STUB_SYSCALL)
			 : "memory");
	__builtin_unreachable();
}

static void trapped(int sig, siginfo_t *si, void *ucp)
{
	ucontext_t *uc = ucp;
	long r = (long)uc->uc_mcontext.gregs[REG_RDI];

	(void)sig;
	(void)si;
	_exit(r >= 0 ? 1 : 0);
}

/* Runs the call from the stub's code in a child: true unless it succeeded. */
static int refused(long nr, long a, long b, long c, long d)
{
	struct sigaction sa = { 0 };
	int st;
	pid_t p = fork();

	if (p == 0) {
		sa.sa_sigaction = trapped;
		sa.sa_flags = SA_SIGINFO;
		sigaction(SIGTRAP, &sa, NULL);
		stub_call4(nr, a, b, c, d);
	}
	if (p < 0 || waitpid(p, &st, 0) != p)
		return 0;
	return (WIFEXITED(st) && WEXITSTATUS(st) == 0) || (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
}

int main(void)
{
	CHECK(refused(SYS_pwrite64, STUB_FD_MSG, (long)&byte, 1, 1L << 40),
	      "pwrite64 far past the sysmsg memfd's end from the stub's code fails");
	CHECK(refused(SYS_pwrite64, STUB_FD_MSG, (long)&byte, 1, 64L << 20),
	      "pwrite64 just past its end fails");
	CHECK(getpid() > 0 && kill(getpid(), 0) == 0, "the rest of the guest carries on");
	return 0;
}
