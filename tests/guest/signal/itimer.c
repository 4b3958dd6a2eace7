/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * setitimer()/getitimer() with ITIMER_REAL: one-shot and periodic, remaining
 * time, old value, cancel, not inherited by fork, default SIGALRM kills;
 * invalid arguments. (CPU-time timers are in itimer_cpu.c.)
 */
#include <signal.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include "check.h"

static volatile int n_alrm;

static void handler(int sig)
{
	if (sig == SIGALRM)
		n_alrm++;
}

static long tv_us(struct timeval tv)
{
	return tv.tv_sec * 1000000L + tv.tv_usec;
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
