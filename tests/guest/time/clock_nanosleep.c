/* tags: time signal */
/* SPDX-License-Identifier: MIT */
/*
 * clock_nanosleep: relative and TIMER_ABSTIME sleeps on MONOTONIC, REALTIME
 * and BOOTTIME, past deadlines, EINTR with and without a remainder, errors.
 */
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include "check.h"

static volatile sig_atomic_t got_alarm;

static void on_alarm(int sig)
{
	got_alarm = 1;
}

static int64_t ns(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
}

static int64_t now(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return ns(&ts);
}

static struct timespec from_ns(int64_t v)
{
	struct timespec ts = { .tv_sec = v / 1000000000, .tv_nsec = v % 1000000000 };

	return ts;
}

static void alarm_in_ms(int ms)
{
	struct itimerval it;

	memset(&it, 0, sizeof(it));
	it.it_value.tv_usec = ms * 1000;
	setitimer(ITIMER_REAL, &it, NULL);
}

int main(void)
{
	static const struct {
		clockid_t id;
		const char *name;
	} clocks[] = {
		{ CLOCK_MONOTONIC, "CLOCK_MONOTONIC" },
		{ CLOCK_REALTIME, "CLOCK_REALTIME" },
		{ CLOCK_BOOTTIME, "CLOCK_BOOTTIME" },
	};
	struct timespec req, rem;
	struct sigaction sa;
	int64_t t0, t1, target;
	char desc[96];
	unsigned i;
	int r;

	for (i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		req = from_ns(20000000);
		t0 = now(clocks[i].id);
		r = clock_nanosleep(clocks[i].id, 0, &req, NULL);
		t1 = now(clocks[i].id);
		snprintf(desc, sizeof(desc), "relative 20 ms sleep on %s", clocks[i].name);
		CHECK(r == 0 && t1 - t0 >= 20000000, desc);

		target = now(clocks[i].id) + 30000000;
		req = from_ns(target);
		r = clock_nanosleep(clocks[i].id, TIMER_ABSTIME, &req, NULL);
		t1 = now(clocks[i].id);
		snprintf(desc, sizeof(desc), "TIMER_ABSTIME sleep on %s reaches the deadline",
			 clocks[i].name);
		CHECK(r == 0 && t1 >= target && t1 - target < 1000000000, desc);
	}

	/* A deadline in the past returns at once. */
	target = now(CLOCK_MONOTONIC) - 1000000000;
	req = from_ns(target);
	t0 = now(CLOCK_MONOTONIC);
	CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &req, NULL) == 0 &&
		      now(CLOCK_MONOTONIC) - t0 < 500000000,
	      "past TIMER_ABSTIME deadline returns at once");
	req.tv_sec = 0;
	req.tv_nsec = 0;
	CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &req, NULL) == 0,
	      "deadline 0 returns at once");

	/* Raw syscall: -1 and errno rather than a returned error number. */
	target = now(CLOCK_MONOTONIC) + 10000000;
	req = from_ns(target);
	CHECK(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &req, NULL) == 0 &&
		      now(CLOCK_MONOTONIC) >= target,
	      "raw TIMER_ABSTIME sleep");

	/* Errors are returned, not put in errno. */
	req.tv_sec = 0;
	req.tv_nsec = 1000000000;
	CHECK(clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL) == EINVAL, "tv_nsec 1e9 is EINVAL");
	CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &req, NULL) == EINVAL,
	      "TIMER_ABSTIME with tv_nsec 1e9 is EINVAL");
	req.tv_nsec = 1000;
	CHECK(clock_nanosleep((clockid_t)12345, 0, &req, NULL) == EINVAL,
	      "unknown clock is EINVAL");
	CHECK(clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &req, NULL) == EINVAL,
	      "CLOCK_THREAD_CPUTIME_ID is EINVAL");
	CHECK_ERR(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, (void *)1, NULL), EFAULT,
		  "raw bad request pointer is EFAULT");
	CHECK_ERR(syscall(SYS_clock_nanosleep, 12345, 0, &req, NULL), EINVAL,
		  "raw unknown clock is EINVAL");

	/* Interrupted relative sleep reports the remainder. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	CHECK(sigaction(SIGALRM, &sa, NULL) == 0, "SIGALRM handler without SA_RESTART");
	alarm_in_ms(50);
	req.tv_sec = 5;
	req.tv_nsec = 0;
	memset(&rem, 0, sizeof(rem));
	r = clock_nanosleep(CLOCK_MONOTONIC, 0, &req, &rem);
	CHECK(r == EINTR && got_alarm, "interrupted relative sleep returns EINTR");
	CHECK(rem.tv_sec >= 1 && rem.tv_sec <= 5 && rem.tv_nsec >= 0 && rem.tv_nsec < 1000000000 &&
		      ns(&rem) < 5000000000LL,
	      "remaining time is reported");

	/* Interrupted absolute sleep: EINTR, and rem is left alone. */
	got_alarm = 0;
	alarm_in_ms(50);
	target = now(CLOCK_MONOTONIC) + 5000000000LL;
	req = from_ns(target);
	rem.tv_sec = 77;
	rem.tv_nsec = 77;
	t0 = now(CLOCK_MONOTONIC);
	r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &req, &rem);
	CHECK(r == EINTR && got_alarm, "interrupted TIMER_ABSTIME sleep returns EINTR");
	CHECK(now(CLOCK_MONOTONIC) < target - 1000000000, "woke well before the deadline");
	CHECK(rem.tv_sec == 77 && rem.tv_nsec == 77, "TIMER_ABSTIME leaves rem untouched");
	return 0;
}
