/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * setitimer()/getitimer(): ITIMER_REAL one-shot and periodic, remaining time,
 * old value, cancel, not inherited by fork, default SIGALRM kills;
 * ITIMER_VIRTUAL/ITIMER_PROF fire after CPU time; invalid arguments.
 */
#include <signal.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include "check.h"

static volatile int n_alrm, n_vt, n_prof;

static void handler(int sig)
{
	if (sig == SIGALRM)
		n_alrm++;
	else if (sig == SIGVTALRM)
		n_vt++;
	else if (sig == SIGPROF)
		n_prof++;
}

static long tv_us(struct timeval tv)
{
	return tv.tv_sec * 1000000L + tv.tv_usec;
}

static double wall(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* spin on the CPU until *flag is set (bounded by 1 s wall time) */
static void burn_until(volatile int *flag)
{
	double w0 = wall();
	volatile unsigned long x = 0;

	while (!*flag && wall() - w0 < 1.0)
		for (int i = 0; i < 10000; i++)
			x += i;
}

int main(void)
{
	struct itimerval it, old;
	struct sigaction sa;
	sigset_t none;
	pid_t pid;
	int st;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	sigaction(SIGVTALRM, &sa, NULL);
	sigaction(SIGPROF, &sa, NULL);
	sigemptyset(&none);

	memset(&old, 0x55, sizeof(old));
	CHECK(getitimer(ITIMER_REAL, &old) == 0 && tv_us(old.it_value) == 0 &&
		      tv_us(old.it_interval) == 0,
	      "ITIMER_REAL initially disarmed");

	/* arm, read remaining, re-arm returns old */
	memset(&it, 0, sizeof(it));
	it.it_value.tv_usec = 500000;
	CHECK(setitimer(ITIMER_REAL, &it, &old) == 0 && tv_us(old.it_value) == 0,
	      "arm 500 ms, old value 0");
	CHECK(getitimer(ITIMER_REAL, &old) == 0 && tv_us(old.it_value) > 0 &&
		      tv_us(old.it_value) <= 500000,
	      "remaining time in (0, 500 ms]");
	pid = fork();
	if (pid == 0) {
		struct itimerval c;

		getitimer(ITIMER_REAL, &c);
		_exit(tv_us(c.it_value) == 0 ? 0 : 1);
	}
	CHECK(waitpid(pid, &st, 0) == pid && st == 0, "timer not inherited by fork child");
	memset(&it, 0, sizeof(it));
	CHECK(setitimer(ITIMER_REAL, &it, &old) == 0 && tv_us(old.it_value) > 0,
	      "disarm returns the remaining time");
	CHECK(getitimer(ITIMER_REAL, &old) == 0 && tv_us(old.it_value) == 0, "disarmed");

	/* one-shot */
	it.it_value.tv_usec = 20000;
	setitimer(ITIMER_REAL, &it, NULL);
	while (n_alrm == 0)
		sigsuspend(&none);
	CHECK(n_alrm == 1, "one-shot ITIMER_REAL fired once");
	getitimer(ITIMER_REAL, &old);
	CHECK(tv_us(old.it_value) == 0, "one-shot timer disarmed after firing");

	/* periodic */
	n_alrm = 0;
	it.it_value.tv_usec = 10000;
	it.it_interval.tv_usec = 10000;
	setitimer(ITIMER_REAL, &it, NULL);
	getitimer(ITIMER_REAL, &old);
	CHECK(tv_us(old.it_interval) == 10000, "interval reads back 10 ms");
	while (n_alrm < 3)
		sigsuspend(&none);
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	CHECK(n_alrm >= 3, "periodic ITIMER_REAL fired three times");

	/* default action */
	pid = fork();
	if (pid == 0) {
		struct itimerval c = { { 0, 0 }, { 0, 10000 } };

		signal(SIGALRM, SIG_DFL);
		setitimer(ITIMER_REAL, &c, NULL);
		for (;;)
			pause();
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM,
	      "default SIGALRM from the timer kills the child");

	/* CPU-time timers */
	it.it_value.tv_usec = 20000;
	CHECK(setitimer(ITIMER_VIRTUAL, &it, NULL) == 0, "arm ITIMER_VIRTUAL 20 ms");
	/* Linux adds one tick to CPU-time timers, so allow up to 10 ms more */
	CHECK(getitimer(ITIMER_VIRTUAL, &old) == 0 && tv_us(old.it_value) > 0 &&
		      tv_us(old.it_value) <= 30000,
	      "ITIMER_VIRTUAL remaining in (0, 20 ms + one tick]");
	burn_until(&n_vt);
	CHECK(n_vt == 1, "SIGVTALRM after 20 ms of user CPU");
	CHECK(setitimer(ITIMER_PROF, &it, NULL) == 0, "arm ITIMER_PROF 20 ms");
	burn_until(&n_prof);
	CHECK(n_prof == 1, "SIGPROF after 20 ms of CPU");

	/* errors */
	it.it_value.tv_usec = 1000000;
	CHECK_ERR(setitimer(ITIMER_REAL, &it, NULL), EINVAL, "tv_usec 1000000 -> EINVAL");
	it.it_value.tv_usec = -1;
	CHECK_ERR(setitimer(ITIMER_REAL, &it, NULL), EINVAL, "negative tv_usec -> EINVAL");
	it.it_value.tv_usec = 0;
	CHECK_ERR(setitimer(5, &it, NULL), EINVAL, "unknown timer -> EINVAL");
	CHECK_ERR(getitimer(5, &old), EINVAL, "getitimer unknown timer -> EINVAL");
	CHECK_ERR(syscall(SYS_getitimer, ITIMER_REAL, 8), EFAULT, "bad pointer -> EFAULT");
	return 0;
}
