/* tags: time thread */
/* SPDX-License-Identifier: MIT */
/*
 * timer_create through the C library with SIGEV_THREAD: glibc and musl build
 * it from SIGEV_THREAD_ID and a helper thread that waits for the timer's
 * signal, so this is the path most programs take to POSIX timers.
 */
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static volatile int hits;

static void cb(union sigval v)
{
	hits += v.sival_int;
}

int main(void)
{
	struct itimerspec its = { { 0, 10000000 }, { 0, 10000000 } }, cur;
	struct sigevent ev = { 0 };
	struct timespec d = { 0, 105000000 };
	timer_t tm;
	int seen;

	ev.sigev_notify = SIGEV_THREAD;
	ev.sigev_notify_function = cb;
	ev.sigev_value.sival_int = 5;
	CHECK(timer_create(CLOCK_MONOTONIC, &ev, &tm) == 0, "timer_create SIGEV_THREAD");
	CHECK(timer_settime(tm, 0, &its, NULL) == 0, "arm 10 ms periodic");
	nanosleep(&d, NULL);
	CHECK(timer_gettime(tm, &cur) == 0 && cur.it_interval.tv_nsec == 10000000, "timer_gettime");
	CHECK(timer_delete(tm) == 0, "timer_delete");
	d.tv_nsec = 20000000; /* a callback already running may finish */
	nanosleep(&d, NULL);
	seen = hits;
	d.tv_nsec = 105000000;
	CHECK(seen >= 15 && seen % 5 == 0, "the callback ran several times with its sigval");
	nanosleep(&d, NULL);
	CHECK(hits == seen, "no more calls after timer_delete");
	return 0;
}
