/* tags: sandbox-only */
/* SPDX-License-Identifier: MIT */
/*
 * The stub's code sits in every guest process (at STUB_BASE 0x7fd000000000,
 * src/platform/stub/stub_layout.h). A guest that jumps to its syscall
 * instruction must not get a host system call beyond the stub's own few, each
 * acting on its own process only: the seccomp platform's filter kills the
 * process for any other call made from there, and the ptrace platform does the
 * same. Had the call run, the stub's code after it would trap (SIGTRAP), which
 * the child catches to exit 42. Only the caller ends, and the rest of the
 * guest carries on.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define STUB_SYSCALL 0x7fd000000000UL

/* Jumps to the stub's syscall instruction with nr and three arguments. */
static void __attribute__((noreturn)) stub_call(long nr, long a, long b, long c)
{
	register long rax __asm__("rax") = nr;
	register long rdi __asm__("rdi") = a;
	register long rsi __asm__("rsi") = b;
	register long rdx __asm__("rdx") = c;

	__asm__ volatile("jmp *%4" : : "r"(rax), "r"(rdi), "r"(rsi), "r"(rdx), "r"(STUB_SYSCALL) : "memory");
	__builtin_unreachable();
}

static void ran(int sig)
{
	_exit(42);
}

static int killed(long nr, long a, long b, long c)
{
	int st;
	pid_t p = fork();

	if (p == 0) {
		signal(SIGTRAP, ran);
		stub_call(nr, a, b, c);
	}
	if (p < 0 || waitpid(p, &st, 0) != p)
		return 0;
	return WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL;
}

int main(void)
{
	CHECK(killed(SYS_openat, AT_FDCWD, (long)"/", O_RDONLY), "openat from the stub's code kills the caller");
	CHECK(killed(SYS_kill, 99999, SIGKILL, 0), "kill from the stub's code kills the caller");
	CHECK(killed(SYS_execve, (long)"/nonexistent", 0, 0), "execve from the stub's code kills the caller");
	CHECK(killed(SYS_clone, 0x11 /* SIGCHLD */, 0, 0), "a clone with other flags kills the caller");
	CHECK(getpid() > 0 && kill(getpid(), 0) == 0, "the rest of the guest carries on");
	return 0;
}
