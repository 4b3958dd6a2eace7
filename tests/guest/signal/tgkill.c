/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * tgkill()/tkill(): thread-directed signals run the handler in the target
 * thread (SI_TKILL); a process-directed signal goes to the only thread not
 * blocking it; errors for bad tgid/tid/signal and exited threads.
 */
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include "check.h"

#define NOPID 0x3fffffff

static volatile long handler_tid, worker_tid;
static volatile int handler_code, handler_pid, hits, stop;

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	handler_tid = syscall(SYS_gettid);
	handler_code = si->si_code;
	handler_pid = si->si_pid;
	hits++;
}

static void msleep(int ms)
{
	struct timespec ts = { 0, ms * 1000L * 1000L };

	nanosleep(&ts, NULL);
}

static void *worker(void *arg)
{
	(void)arg;
	worker_tid = syscall(SYS_gettid);
	while (!stop)
		msleep(1);
	return NULL;
}

static void *quick(void *arg)
{
	*(long *)arg = syscall(SYS_gettid);
	return NULL;
}

/* wait until the handler ran 'n' times (bounded) */
static int wait_hits(int n)
{
	int i;

	for (i = 0; i < 2000 && hits < n; i++)
		msleep(1);
	return hits >= n;
}

int main(void)
{
	struct sigaction sa;
	pthread_t t;
	long main_tid = syscall(SYS_gettid);
	sigset_t set;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);

	CHECK(pthread_create(&t, NULL, worker, NULL) == 0, "create worker thread");
	while (!worker_tid)
		msleep(1);

	/* tgkill to the worker */
	CHECK(syscall(SYS_tgkill, getpid(), worker_tid, SIGUSR1) == 0,
	      "tgkill(pid, worker, SIGUSR1)");
	CHECK(wait_hits(1), "handler ran");
	CHECK(handler_tid == worker_tid, "handler ran in the worker thread");
	CHECK(handler_code == SI_TKILL && handler_pid == getpid(), "si_code SI_TKILL, si_pid ours");

	/* tgkill to ourselves */
	CHECK(syscall(SYS_tgkill, getpid(), main_tid, SIGUSR1) == 0 && hits == 2 &&
		      handler_tid == main_tid,
	      "tgkill to the main thread runs the handler in the main thread");

	/* tkill */
	CHECK(syscall(SYS_tkill, worker_tid, SIGUSR1) == 0, "tkill(worker, SIGUSR1)");
	CHECK(wait_hits(3) && handler_tid == worker_tid, "tkill handler in the worker");

	/* pthread_kill */
	CHECK(pthread_kill(t, SIGUSR1) == 0, "pthread_kill(worker)");
	CHECK(wait_hits(4) && handler_tid == worker_tid, "pthread_kill handler in the worker");

	/* process-directed signal goes to the thread that does not block it */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	CHECK(kill(getpid(), SIGUSR1) == 0, "kill(getpid()) with main blocking SIGUSR1");
	CHECK(wait_hits(5) && handler_tid == worker_tid, "delivered to the worker thread");
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);

	/* thread-directed to a blocking thread stays pending there */
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	syscall(SYS_tgkill, getpid(), main_tid, SIGUSR1);
	msleep(10);
	CHECK(hits == 5, "blocked thread-directed signal not taken by the worker");
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	CHECK(hits == 6 && handler_tid == main_tid, "delivered in main thread on unblock");

	stop = 1;
	pthread_join(t, NULL);

	/* exited thread */
	{
		long qtid = 0;
		pthread_t q;
		int i;

		pthread_create(&q, NULL, quick, &qtid);
		pthread_join(q, NULL);
		/* join can return just before the kernel has fully released the thread */
		for (i = 0; i < 500; i++) {
			if (syscall(SYS_tgkill, getpid(), qtid, 0) == -1 && errno == ESRCH)
				break;
			msleep(1);
		}
		CHECK_ERR(syscall(SYS_tgkill, getpid(), qtid, 0), ESRCH, "joined thread -> ESRCH");
	}

	/* errors */
	CHECK(syscall(SYS_tgkill, getpid(), main_tid, 0) == 0, "tgkill signal 0 probes");
	CHECK_ERR(syscall(SYS_tgkill, NOPID, main_tid, SIGUSR1), ESRCH, "wrong tgid -> ESRCH");
	CHECK_ERR(syscall(SYS_tgkill, getpid(), NOPID, SIGUSR1), ESRCH, "nonexistent tid -> ESRCH");
	CHECK_ERR(syscall(SYS_tgkill, getpid(), 0, SIGUSR1), EINVAL, "tid 0 -> EINVAL");
	CHECK_ERR(syscall(SYS_tgkill, 0, main_tid, SIGUSR1), EINVAL, "tgid 0 -> EINVAL");
	CHECK_ERR(syscall(SYS_tgkill, getpid(), main_tid, 65), EINVAL, "signal 65 -> EINVAL");
	CHECK_ERR(syscall(SYS_tkill, -1, SIGUSR1), EINVAL, "tkill(-1) -> EINVAL");
	CHECK_ERR(syscall(SYS_tkill, NOPID, SIGUSR1), ESRCH, "tkill(nonexistent) -> ESRCH");
	return 0;
}
