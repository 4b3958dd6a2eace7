/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * sigaltstack(): SA_ONSTACK handlers run on the alternate stack and see
 * SS_ONSTACK, others do not; EPERM while on it; SS_AUTODISARM; recovery from
 * stack overflow; new threads start without one; argument errors.
 */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "check.h"

#define ALT_SIZE (64 * 1024)
#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31)
#endif

static char *alt;
static volatile uintptr_t handler_sp;
static volatile int handler_flags, change_err, autodisarm_flags;

static int on_alt(uintptr_t p)
{
	return p >= (uintptr_t)alt && p < (uintptr_t)alt + ALT_SIZE;
}

static void handler(int sig)
{
	volatile char local;
	stack_t cur, ss;

	(void)sig;
	handler_sp = (uintptr_t)&local;
	sigaltstack(NULL, &cur);
	handler_flags = cur.ss_flags;
	/* changing the alternate stack while running on it is refused */
	ss.ss_sp = alt;
	ss.ss_size = ALT_SIZE;
	ss.ss_flags = 0;
	change_err = syscall(SYS_sigaltstack, &ss, NULL) == -1 ? errno : 0;
}

static void autodisarm_handler(int sig)
{
	stack_t cur;
	volatile char local;

	(void)sig;
	handler_sp = (uintptr_t)&local;
	sigaltstack(NULL, &cur);
	autodisarm_flags = cur.ss_flags;
}

static sigjmp_buf jb;
static volatile int overflow_on_alt;

static void segv_handler(int sig)
{
	volatile char local;

	(void)sig;
	overflow_on_alt = on_alt((uintptr_t)&local);
	siglongjmp(jb, 1);
}

static volatile int recurse_limit = 1 << 30;

static int __attribute__((noinline)) recurse(int n)
{
	volatile char buf[1024];

	buf[0] = (char)n;
	buf[1023] = (char)n;
	if (n >= recurse_limit)
		return 0;
	return recurse(n + 1) + buf[0] + buf[1023];
}

static volatile int thread_flags;

static void *thread_fn(void *arg)
{
	stack_t cur;

	(void)arg;
	sigaltstack(NULL, &cur);
	thread_flags = cur.ss_flags;
	return NULL;
}

int main(void)
{
	struct sigaction sa;
	stack_t ss, old;

	alt = mmap(NULL, ALT_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(alt != MAP_FAILED, "mmap alternate stack");

	CHECK(sigaltstack(NULL, &old) == 0 && old.ss_flags == SS_DISABLE,
	      "initially SS_DISABLE");

	ss.ss_sp = alt;
	ss.ss_size = ALT_SIZE;
	ss.ss_flags = 0;
	CHECK(sigaltstack(&ss, &old) == 0 && (old.ss_flags & SS_DISABLE), "install alt stack");
	memset(&old, 0, sizeof(old));
	CHECK(sigaltstack(NULL, &old) == 0 && old.ss_sp == alt && old.ss_size == ALT_SIZE &&
		      old.ss_flags == 0,
	      "query: sp, size, flags 0 (not on it)");

	/* SA_ONSTACK handler */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sa.sa_flags = SA_ONSTACK;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	CHECK(on_alt(handler_sp), "SA_ONSTACK handler runs on the alternate stack");
	CHECK(handler_flags & SS_ONSTACK, "sigaltstack in handler reports SS_ONSTACK");
	CHECK(change_err == EPERM, "changing the stack while on it -> EPERM");
	CHECK(sigaltstack(NULL, &old) == 0 && old.ss_flags == 0, "after handler: flags 0 again");

	/* handler without SA_ONSTACK */
	sa.sa_flags = 0;
	sigaction(SIGUSR2, &sa, NULL);
	raise(SIGUSR2);
	CHECK(!on_alt(handler_sp), "handler without SA_ONSTACK uses the normal stack");
	CHECK(!(handler_flags & SS_ONSTACK), "and does not see SS_ONSTACK");

	/* SS_AUTODISARM: disabled while the handler runs, restored on return */
	ss.ss_flags = SS_AUTODISARM;
	CHECK(sigaltstack(&ss, NULL) == 0, "install with SS_AUTODISARM");
	sa.sa_handler = autodisarm_handler;
	sa.sa_flags = SA_ONSTACK;
	sigaction(SIGUSR1, &sa, NULL);
	handler_sp = 0;
	raise(SIGUSR1);
	CHECK(on_alt(handler_sp), "SS_AUTODISARM handler on the alternate stack");
	CHECK(autodisarm_flags == SS_DISABLE, "inside: reported as SS_DISABLE");
	CHECK(sigaltstack(NULL, &old) == 0 && old.ss_sp == alt &&
		      old.ss_flags == SS_AUTODISARM,
	      "after return: restored with SS_AUTODISARM");
	ss.ss_flags = 0;
	sigaltstack(&ss, NULL);

	/* disable */
	ss.ss_flags = SS_DISABLE;
	CHECK(sigaltstack(&ss, NULL) == 0 && sigaltstack(NULL, &old) == 0 &&
		      old.ss_flags == SS_DISABLE,
	      "SS_DISABLE disables");
	sa.sa_handler = handler;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	CHECK(!on_alt(handler_sp), "SA_ONSTACK without an alt stack uses the normal stack");

	/* threads start without an alternate stack */
	ss.ss_flags = 0;
	sigaltstack(&ss, NULL);
	{
		pthread_t t;

		CHECK(pthread_create(&t, NULL, thread_fn, NULL) == 0 && pthread_join(t, NULL) == 0,
		      "thread ran");
		CHECK(thread_flags == SS_DISABLE, "new thread has SS_DISABLE");
	}

	/* stack overflow handled on the alternate stack, in a child */
	{
		pid_t pid = fork();
		int st;

		if (pid == 0) {
			struct rlimit rl = { 256 * 1024, 256 * 1024 };

			setrlimit(RLIMIT_STACK, &rl);
			sa.sa_handler = segv_handler;
			sa.sa_flags = SA_ONSTACK;
			sigaction(SIGSEGV, &sa, NULL);
			if (sigsetjmp(jb, 1) == 0)
				recurse(0);
			_exit(overflow_on_alt ? 0 : 1);
		}
		CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
		      "stack overflow SIGSEGV caught on the alternate stack");
	}

	/* errors (raw syscall; musl's wrapper adds its own checks) */
	ss.ss_sp = alt;
	ss.ss_size = 1024;
	ss.ss_flags = 0;
	CHECK_ERR(syscall(SYS_sigaltstack, &ss, NULL), ENOMEM, "size 1024 -> ENOMEM");
	ss.ss_size = ALT_SIZE;
	ss.ss_flags = 0x1234;
	CHECK_ERR(syscall(SYS_sigaltstack, &ss, NULL), EINVAL, "bad flags -> EINVAL");
	CHECK_ERR(syscall(SYS_sigaltstack, 8, NULL), EFAULT, "bad pointer -> EFAULT");
	CHECK(sigaltstack(NULL, &old) == 0 && old.ss_sp == alt && old.ss_size == ALT_SIZE,
	      "failed calls left the stack unchanged");
	return 0;
}
