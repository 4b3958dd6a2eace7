/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * CPU-time interval timers: ITIMER_VIRTUAL (user time, SIGVTALRM) and
 * ITIMER_PROF (user + system time, SIGPROF) fire after the process burned
 * the programmed CPU time; getitimer reports the remaining CPU time.
 */
#include <signal.h>
#include <sys/time.h>
#include <time.h>
#include "check.h"

static volatile int n_vt, n_prof;

static void handler(int sig)
{
	if (sig == SIGVTALRM)
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

/* spin on the CPU until *count reaches n (bounded by 1 s wall time) */
static void burn_until(volatile int *count, int n)
{
	double w0 = wall();
	volatile unsigned long x = 0;

	while (*count < n && wall() - w0 < 1.0)
		for (int i = 0; i < 10000; i++)
			x += i;
}

int main(void)
{
	struct itimerval it, old;
	struct sigaction sa;
	struct timespec ts = { 0, 30 * 1000 * 1000 };

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGVTALRM, &sa, NULL);
	sigaction(SIGPROF, &sa, NULL);

	CHECK(getitimer(ITIMER_VIRTUAL, &old) == 0 && tv_us(old.it_value) == 0,
	      "ITIMER_VIRTUAL initially disarmed");
	CHECK(getitimer(ITIMER_PROF, &old) == 0 && tv_us(old.it_value) == 0,
	      "ITIMER_PROF initially disarmed");

	memset(&it, 0, sizeof(it));
	it.it_value.tv_usec = 20000;
	CHECK(setitimer(ITIMER_VIRTUAL, &it, NULL) == 0, "arm ITIMER_VIRTUAL 20 ms");
	/* Linux adds one tick to CPU-time timers, so allow up to 10 ms more */
	CHECK(getitimer(ITIMER_VIRTUAL, &old) == 0 && tv_us(old.it_value) > 0 &&
		      tv_us(old.it_value) <= 30000,
	      "ITIMER_VIRTUAL remaining in (0, 20 ms + one tick]");
	/* sleeping does not consume CPU time */
	nanosleep(&ts, NULL);
	CHECK(n_vt == 0, "no SIGVTALRM while sleeping 30 ms");
	burn_until(&n_vt, 1);
	CHECK(n_vt == 1, "SIGVTALRM after 20 ms of user CPU");
	CHECK(getitimer(ITIMER_VIRTUAL, &old) == 0 && tv_us(old.it_value) == 0,
	      "one-shot ITIMER_VIRTUAL disarmed after firing");

	CHECK(setitimer(ITIMER_PROF, &it, NULL) == 0, "arm ITIMER_PROF 20 ms");
	burn_until(&n_prof, 1);
	CHECK(n_prof == 1, "SIGPROF after 20 ms of CPU");

	/* periodic */
	n_prof = 0;
	it.it_interval.tv_usec = 10000;
	it.it_value.tv_usec = 10000;
	CHECK(setitimer(ITIMER_PROF, &it, NULL) == 0, "arm periodic ITIMER_PROF 10 ms");
	burn_until(&n_prof, 3);
	memset(&it, 0, sizeof(it));
	CHECK(setitimer(ITIMER_PROF, &it, &old) == 0 && tv_us(old.it_interval) >= 10000,
	      "disarm returns the interval");
	CHECK(n_prof >= 3, "periodic ITIMER_PROF fired three times");
	return 0;
}
