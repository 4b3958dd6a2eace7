/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * sigprocmask(): SIG_BLOCK/SIG_UNBLOCK/SIG_SETMASK, blocked signals stay
 * pending and are delivered on unblock (once, lowest number first), SIGKILL and
 * SIGSTOP cannot be blocked, masks are per thread and inherited by fork.
 */
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "check.h"

static volatile int hits_usr1, hits_usr2, order[8], norder;

static void handler(int sig)
{
	if (sig == SIGUSR1)
		hits_usr1++;
	else
		hits_usr2++;
	if (norder < 8)
		order[norder++] = sig;
}

static volatile int thread_has_usr2;

static void *mask_thread(void *arg)
{
	sigset_t s, cur;

	(void)arg;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &s, NULL);
	pthread_sigmask(SIG_SETMASK, NULL, &cur);
	thread_has_usr2 = sigismember(&cur, SIGUSR2);
	return NULL;
}

int main(void)
{
	struct sigaction sa;
	sigset_t set, old, cur, pend;
	unsigned long kset, kold;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);

	sigprocmask(SIG_SETMASK, NULL, &cur);
	CHECK(!sigismember(&cur, SIGUSR1) && !sigismember(&cur, SIGUSR2),
	      "initially USR1/USR2 unblocked");

	/* block, raise, pending, unblock delivers */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK(sigprocmask(SIG_BLOCK, &set, &old) == 0 && !sigismember(&old, SIGUSR1),
	      "SIG_BLOCK returns the old mask");
	raise(SIGUSR1);
	CHECK(hits_usr1 == 0, "blocked signal not delivered");
	sigpending(&pend);
	CHECK(sigismember(&pend, SIGUSR1), "blocked signal is pending");
	raise(SIGUSR1);
	CHECK(sigprocmask(SIG_UNBLOCK, &set, &old) == 0 && sigismember(&old, SIGUSR1),
	      "SIG_UNBLOCK returns mask with USR1");
	CHECK(hits_usr1 == 1, "unblock delivers before sigprocmask returns, only once");
	sigpending(&pend);
	CHECK(!sigismember(&pend, SIGUSR1), "no longer pending");

	/*
	 * delivery order: the lowest number is dequeued first. With each handler
	 * blocking the other signal they run one after the other; without, the
	 * second frame is set up on top of the first before it runs, so the
	 * higher-numbered handler runs (nested) first.
	 */
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sa.sa_mask = set;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	norder = 0;
	raise(SIGUSR2);
	raise(SIGUSR1);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	CHECK(norder == 2 && order[0] == SIGUSR1 && order[1] == SIGUSR2,
	      "handlers masking each other: SIGUSR1 runs before SIGUSR2");
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigprocmask(SIG_BLOCK, &set, NULL);
	norder = 0;
	raise(SIGUSR1);
	raise(SIGUSR2);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	CHECK(norder == 2 && order[0] == SIGUSR2 && order[1] == SIGUSR1,
	      "unmasked handlers: SIGUSR2's frame on top runs first");

	/* SIG_SETMASK */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGINT);
	CHECK(sigprocmask(SIG_SETMASK, &set, NULL) == 0, "SIG_SETMASK {USR2, INT}");
	sigprocmask(SIG_SETMASK, NULL, &cur);
	CHECK(sigismember(&cur, SIGUSR2) && sigismember(&cur, SIGINT) &&
		      !sigismember(&cur, SIGUSR1),
	      "mask reads back exactly");
	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);

	/* SIGKILL and SIGSTOP are silently dropped from the mask (raw syscall) */
	kset = ~0UL;
	CHECK(syscall(SYS_rt_sigprocmask, SIG_SETMASK, &kset, &kold, 8) == 0, "block everything");
	CHECK(syscall(SYS_rt_sigprocmask, SIG_SETMASK, &kold, &kset, 8) == 0, "restore");
	CHECK(kset == ~((1UL << (SIGKILL - 1)) | (1UL << (SIGSTOP - 1))),
	      "all signals but SIGKILL and SIGSTOP were blocked");

	/* errors */
	CHECK_ERR(sigprocmask(99, &set, NULL), EINVAL, "bad how -> EINVAL");
	CHECK_ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &kset, NULL, 4), EINVAL,
		  "sigsetsize 4 -> EINVAL");
	CHECK_ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, 8, NULL, 8), EFAULT,
		  "bad set pointer -> EFAULT");
	CHECK(sigprocmask(99, NULL, &cur) == 0, "how is ignored when set is NULL");

	/* per-thread masks */
	{
		pthread_t t;

		CHECK(pthread_create(&t, NULL, mask_thread, NULL) == 0 &&
			      pthread_join(t, NULL) == 0,
		      "thread ran");
		sigprocmask(SIG_SETMASK, NULL, &cur);
		CHECK(thread_has_usr2 && !sigismember(&cur, SIGUSR2),
		      "thread's block does not affect the main thread");
	}

	/* fork: mask inherited, pending set cleared */
	{
		int status;
		pid_t pid;

		sigemptyset(&set);
		sigaddset(&set, SIGUSR1);
		sigprocmask(SIG_BLOCK, &set, NULL);
		raise(SIGUSR1);
		pid = fork();
		if (pid == 0) {
			sigset_t m, p;

			sigprocmask(SIG_SETMASK, NULL, &m);
			sigpending(&p);
			_exit((sigismember(&m, SIGUSR1) ? 0 : 1) |
			      (sigismember(&p, SIGUSR1) ? 2 : 0));
		}
		CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status), "fork child exited");
		CHECK((WEXITSTATUS(status) & 1) == 0, "child inherits the mask");
		CHECK((WEXITSTATUS(status) & 2) == 0, "child has no pending signals");
		hits_usr1 = 0;
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		CHECK(hits_usr1 == 1, "parent's pending signal still delivered");
	}
	return 0;
}
