/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * sigreturn restores the (possibly edited) ucontext: a handler that changes
 * REG_RIP, general registers, RAX of an interrupted syscall, EFLAGS, and
 * uc_sigmask sees those changes take effect; the handler sees the real values.
 */
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include "check.h"

static volatile int mode;
static volatile long seen_r12, seen_rbx;

enum { SKIP_UD2, SET_R12, JUMP_RBX, SET_RAX, SET_CF, MASK };

static void handler(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	greg_t *g = uc->uc_mcontext.gregs;

	(void)sig;
	(void)si;
	switch (mode) {
	case SKIP_UD2:
		g[REG_RIP] += 2;
		break;
	case SET_R12:
		seen_r12 = g[REG_R12];
		g[REG_R12] = 0x1234;
		g[REG_RIP] += 2;
		break;
	case JUMP_RBX:
		seen_rbx = g[REG_RBX];
		g[REG_RIP] = g[REG_RBX];
		break;
	case SET_RAX:
		g[REG_RAX] = 77;
		break;
	case SET_CF:
		g[REG_EFL] |= 1;
		g[REG_RIP] += 2;
		break;
	case MASK:
		sigaddset(&uc->uc_sigmask, SIGUSR2);
		sigdelset(&uc->uc_sigmask, SIGINT);
		break;
	}
}

int main(void)
{
	struct sigaction sa;
	long out, tid = syscall(SYS_gettid);
	sigset_t set, cur;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGILL, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);

	/* skip a faulting instruction by advancing RIP */
	mode = SKIP_UD2;
	out = 0;
	__asm__ volatile("ud2\n\tmov $5, %0" : "=r"(out));
	CHECK(out == 5, "RIP += 2 skips the ud2, execution continues");

	/* edit a callee-saved register */
	mode = SET_R12;
	__asm__ volatile("mov $0x55, %%r12\n\tud2\n\tmov %%r12, %0" : "=r"(out) : : "r12");
	CHECK(seen_r12 == 0x55, "handler sees the interrupted r12");
	CHECK(out == 0x1234, "r12 edited in the context is restored");

	/* redirect execution to another address */
	mode = JUMP_RBX;
	__asm__ volatile("lea 1f(%%rip), %%rbx\n\t"
			 "mov $1, %0\n\t"
			 "ud2\n\t"
			 "mov $2, %0\n\t"
			 "1:\n\t"
			 "add $10, %0\n\t"
			 : "=&r"(out)
			 :
			 : "rbx");
	CHECK(out == 11, "RIP set to a label: code between skipped");
	CHECK(seen_rbx != 0, "handler saw rbx");

	/* change the return value of the interrupted syscall (tkill to self) */
	mode = SET_RAX;
	__asm__ volatile("mov %[nr], %%eax\n\t"
			 "mov %[tid], %%rdi\n\t"
			 "mov %[sig], %%esi\n\t"
			 "syscall\n\t"
			 : "=a"(out)
			 : [nr] "i"(SYS_tkill), [tid] "r"(tid), [sig] "i"(SIGUSR1)
			 : "rdi", "rsi", "rcx", "r11", "memory");
	CHECK(out == 77, "RAX after the syscall comes from the edited context");

	/* flags */
	mode = SET_CF;
	__asm__ volatile("clc\n\tud2\n\tsetc %b0\n\tmovzbl %b0, %k0" : "=q"(out) : : "cc");
	CHECK((out & 0xff) == 1, "carry flag set through REG_EFL");

	/* the signal mask restored at sigreturn is uc_sigmask */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	mode = MASK;
	raise(SIGUSR1);
	sigprocmask(SIG_SETMASK, NULL, &cur);
	CHECK(sigismember(&cur, SIGUSR2), "SIGUSR2 added to uc_sigmask is blocked afterwards");
	CHECK(!sigismember(&cur, SIGINT), "SIGINT removed from uc_sigmask is unblocked");
	CHECK(!sigismember(&cur, SIGUSR1), "SIGUSR1 (blocked during the handler) unblocked");
	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);
	return 0;
}
