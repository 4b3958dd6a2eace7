/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * sigtimedwait()/sigwaitinfo()/sigwait(): timeout gives EAGAIN, a pending or
 * later-arriving signal is dequeued with its siginfo, handlers are bypassed,
 * an unrelated caught signal interrupts with EINTR, bad timeouts give EINVAL.
 */
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include "check.h"

static volatile int hits;

static void handler(int sig)
{
	(void)sig;
	hits++;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static pid_t sender(int sig, int ms)
{
	pid_t pid = fork();

	if (pid == 0) {
		struct timespec ts = { 0, ms * 1000L * 1000L };

		nanosleep(&ts, NULL);
		kill(getppid(), sig);
		_exit(0);
	}
	return pid;
}

int main(void)
{
	struct timespec ts;
	sigset_t set, pend;
	siginfo_t si;
	double t0, t1;
	pid_t pid;
	int r, e, sig;

	signal(SIGUSR1, handler);
	signal(SIGUSR2, handler);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);

	/* timeout */
	ts.tv_sec = 0;
	ts.tv_nsec = 30 * 1000 * 1000;
	t0 = now();
	r = sigtimedwait(&set, &si, &ts);
	e = errno;
	t1 = now();
	CHECK(r == -1 && e == EAGAIN, "timeout -> EAGAIN");
	CHECK(t1 - t0 >= 0.025, "waited about the timeout (>= 25 ms)");
	ts.tv_nsec = 0;
	r = sigtimedwait(&set, &si, &ts);
	e = errno;
	CHECK(r == -1 && e == EAGAIN, "zero timeout polls -> EAGAIN");

	/* pending signal, dequeued without running the handler */
	raise(SIGUSR1);
	memset(&si, 0, sizeof(si));
	ts.tv_sec = 1;
	/* raw: glibc's wrapper rewrites SI_TKILL to SI_USER */
	r = syscall(SYS_rt_sigtimedwait, &set, &si, &ts, 8);
	CHECK(r == SIGUSR1, "pending SIGUSR1 returned");
	CHECK(si.si_signo == SIGUSR1 && si.si_code == SI_TKILL && si.si_pid == getpid(),
	      "siginfo: SIGUSR1, SI_TKILL, own pid");
	CHECK(hits == 0, "handler not run");
	sigpending(&pend);
	CHECK(!sigismember(&pend, SIGUSR1), "signal consumed");

	kill(getpid(), SIGUSR1);
	memset(&si, 0, sizeof(si));
	CHECK(sigwaitinfo(&set, &si) == SIGUSR1 && si.si_code == SI_USER &&
		      si.si_uid == getuid(),
	      "sigwaitinfo: kill gives SI_USER and si_uid");
	raise(SIGUSR1);
	sig = 0;
	CHECK(sigwait(&set, &sig) == 0 && sig == SIGUSR1, "sigwait returns SIGUSR1");
	raise(SIGUSR1);
	CHECK(sigtimedwait(&set, NULL, NULL) == SIGUSR1, "NULL siginfo and NULL timeout");

	/* signal arriving during the wait, from another process */
	pid = sender(SIGUSR1, 20);
	memset(&si, 0, sizeof(si));
	ts.tv_sec = 2;
	ts.tv_nsec = 0;
	r = sigtimedwait(&set, &si, &ts);
	CHECK(r == SIGUSR1 && si.si_pid == pid && si.si_code == SI_USER,
	      "signal from child arrives during wait, si_pid == child");
	waitpid(pid, NULL, 0);

	/* an unblocked caught signal outside the set interrupts (raw: musl retries EINTR) */
	pid = sender(SIGUSR2, 20);
	hits = 0;
	ts.tv_sec = 2;
	r = syscall(SYS_rt_sigtimedwait, &set, &si, &ts, 8);
	e = errno;
	CHECK(r == -1 && e == EINTR && hits == 1, "caught SIGUSR2 interrupts with EINTR");
	waitpid(pid, NULL, 0);

	/* several signals in the set: lowest first */
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	raise(SIGUSR2);
	raise(SIGUSR1);
	ts.tv_sec = 0;
	CHECK(sigtimedwait(&set, NULL, &ts) == SIGUSR1, "lowest pending signal first (USR1)");
	CHECK(sigtimedwait(&set, NULL, &ts) == SIGUSR2, "then USR2");

	/* a default-action signal arriving during the wait is taken by the wait
	 * (it was blocked before the call: Linux real_blocked), even for pid 1 */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	signal(SIGUSR1, SIG_DFL);
	pid = sender(SIGUSR1, 20);
	ts.tv_sec = 2;
	ts.tv_nsec = 0;
	CHECK(sigtimedwait(&set, &si, &ts) == SIGUSR1 && si.si_pid == pid,
	      "SIG_DFL signal from child arrives during wait");
	waitpid(pid, NULL, 0);

	/* errors */
	ts.tv_sec = 0;
	ts.tv_nsec = 1000000000;
	CHECK_ERR(sigtimedwait(&set, &si, &ts), EINVAL, "tv_nsec 1e9 -> EINVAL");
	ts.tv_sec = -1;
	ts.tv_nsec = 0;
	CHECK_ERR(sigtimedwait(&set, &si, &ts), EINVAL, "negative tv_sec -> EINVAL");
	ts.tv_sec = 0;
	CHECK_ERR(syscall(SYS_rt_sigtimedwait, &set, &si, &ts, 4), EINVAL,
		  "sigsetsize 4 -> EINVAL");
	CHECK_ERR(syscall(SYS_rt_sigtimedwait, 8, &si, &ts, 8), EFAULT, "bad set -> EFAULT");
	return 0;
}
