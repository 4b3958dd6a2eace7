/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * sigpending(): which blocked signals are reported pending; SIG_IGN discards
 * them, blocked ignored-by-default signals are still queued, thread-directed
 * versus process-directed pending sets.
 */
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include "check.h"

static volatile int hits;

static void handler(int sig)
{
	(void)sig;
	hits++;
}

static sigset_t thread_pending;

static void *pending_thread(void *arg)
{
	(void)arg;
	sigpending(&thread_pending);
	return NULL;
}

static int is_empty(const sigset_t *s)
{
	int i;

	for (i = 1; i < 32; i++)
		if (sigismember(s, i))
			return 0;
	return 1;
}

int main(void)
{
	sigset_t block, pend;
	struct sigaction sa;
	unsigned long kp[2];

	CHECK(sigpending(&pend) == 0 && is_empty(&pend), "nothing pending initially");

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGUSR2);
	sigaddset(&block, SIGWINCH);
	sigaddset(&block, SIGCHLD);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, NULL);

	raise(SIGUSR1);
	kill(getpid(), SIGUSR2);
	sigpending(&pend);
	CHECK(sigismember(&pend, SIGUSR1) && sigismember(&pend, SIGUSR2), "USR1 and USR2 pending");
	CHECK(!sigismember(&pend, SIGINT), "unsent SIGINT not pending");

	/* changing the handler keeps it pending; SIG_IGN discards it */
	sa.sa_handler = handler;
	sigaction(SIGUSR2, &sa, NULL);
	sigpending(&pend);
	CHECK(sigismember(&pend, SIGUSR2), "re-installing a handler keeps SIGUSR2 pending");
	signal(SIGUSR2, SIG_IGN);
	sigpending(&pend);
	CHECK(!sigismember(&pend, SIGUSR2) && sigismember(&pend, SIGUSR1),
	      "setting SIG_IGN discards pending SIGUSR2 only");

	/* blocked signals are queued even when ignored (explicitly or by default) */
	raise(SIGUSR2);
	raise(SIGWINCH);
	sigpending(&pend);
	CHECK(sigismember(&pend, SIGUSR2), "blocked SIG_IGN signal is still queued");
	CHECK(sigismember(&pend, SIGWINCH), "blocked default-ignored SIGWINCH is queued");
	signal(SIGWINCH, SIG_DFL);
	sigpending(&pend);
	CHECK(!sigismember(&pend, SIGWINCH),
	      "setting SIG_DFL for a default-ignored signal discards it");
	raise(SIGWINCH);
	signal(SIGWINCH, handler);
	sigpending(&pend);
	CHECK(sigismember(&pend, SIGWINCH), "installing a handler keeps it pending");
	signal(SIGWINCH, SIG_IGN);
	sigpending(&pend);
	CHECK(!sigismember(&pend, SIGWINCH), "setting SIG_IGN discards it");
	signal(SIGWINCH, SIG_DFL);

	/* unblocking delivers / drops */
	hits = 0;
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	CHECK(hits == 1, "unblocking delivers SIGUSR1 once, ignored SIGUSR2 dropped");
	sigpending(&pend);
	CHECK(is_empty(&pend), "nothing pending after unblock");
	sigprocmask(SIG_BLOCK, &block, NULL);

	/* thread-directed vs process-directed */
	{
		pthread_t t;

		syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1);
		kill(getpid(), SIGTERM);
		CHECK(pthread_create(&t, NULL, pending_thread, NULL) == 0 &&
			      pthread_join(t, NULL) == 0,
		      "thread ran");
		CHECK(!sigismember(&thread_pending, SIGUSR1),
		      "signal sent to the main thread is not pending in another thread");
		CHECK(sigismember(&thread_pending, SIGTERM),
		      "process-directed signal is pending in every thread");
		sigpending(&pend);
		CHECK(sigismember(&pend, SIGUSR1) && sigismember(&pend, SIGTERM),
		      "main thread sees both");
		sigaction(SIGTERM, &sa, NULL);
		hits = 0;
		sigprocmask(SIG_UNBLOCK, &block, NULL);
		CHECK(hits == 2, "both delivered on unblock");
	}

	/* raw syscall: smaller sigsetsize is allowed, larger is not */
	CHECK(syscall(SYS_rt_sigpending, kp, 8) == 0, "rt_sigpending size 8");
	CHECK(syscall(SYS_rt_sigpending, kp, 4) == 0, "rt_sigpending size 4 accepted");
	CHECK_ERR(syscall(SYS_rt_sigpending, kp, 16), EINVAL, "rt_sigpending size 16 -> EINVAL");
	CHECK_ERR(syscall(SYS_rt_sigpending, 8, 8), EFAULT, "bad pointer -> EFAULT");
	return 0;
}
