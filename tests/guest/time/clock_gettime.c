/* tags: time */
/* SPDX-License-Identifier: MIT */
/*
 * clock_gettime: the common clocks work and are normalised, MONOTONIC never
 * goes back, CPU-time clocks advance with work; EINVAL and EFAULT cases.
 */
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include "check.h"

static int64_t ns(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
}

static int valid(const struct timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < 1000000000;
}

static volatile unsigned long sink;

static void burn(int64_t at_least_ns)
{
	struct timespec a, b;
	unsigned long i;

	clock_gettime(CLOCK_MONOTONIC, &a);
	do {
		for (i = 0; i < 100000; i++)
			sink += i;
		clock_gettime(CLOCK_MONOTONIC, &b);
	} while (ns(&b) - ns(&a) < at_least_ns);
}

int main(void)
{
	static const struct {
		clockid_t id;
		const char *name;
	} clocks[] = {
		{ CLOCK_REALTIME, "CLOCK_REALTIME" },
		{ CLOCK_MONOTONIC, "CLOCK_MONOTONIC" },
		{ CLOCK_PROCESS_CPUTIME_ID, "CLOCK_PROCESS_CPUTIME_ID" },
		{ CLOCK_THREAD_CPUTIME_ID, "CLOCK_THREAD_CPUTIME_ID" },
		{ CLOCK_MONOTONIC_RAW, "CLOCK_MONOTONIC_RAW" },
		{ CLOCK_REALTIME_COARSE, "CLOCK_REALTIME_COARSE" },
		{ CLOCK_MONOTONIC_COARSE, "CLOCK_MONOTONIC_COARSE" },
		{ CLOCK_BOOTTIME, "CLOCK_BOOTTIME" },
	};
	struct timespec ts, prev, a, b;
	char desc[96];
	unsigned i;
	int ok;

	for (i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		memset(&ts, 0xff, sizeof(ts));
		snprintf(desc, sizeof(desc), "%s succeeds with a normalised value", clocks[i].name);
		CHECK(clock_gettime(clocks[i].id, &ts) == 0 && valid(&ts), desc);
		memset(&ts, 0xff, sizeof(ts));
		snprintf(desc, sizeof(desc), "raw syscall %s", clocks[i].name);
		CHECK(syscall(SYS_clock_gettime, clocks[i].id, &ts) == 0 && valid(&ts), desc);
	}

	CHECK(clock_gettime(CLOCK_REALTIME, &ts) == 0 && ts.tv_sec > 1577836800,
	      "CLOCK_REALTIME is after 2020");

	/* MONOTONIC (vDSO or not) and raw MONOTONIC never go backwards. */
	clock_gettime(CLOCK_MONOTONIC, &prev);
	ok = 1;
	for (i = 0; i < 4000; i++) {
		if (i % 2)
			clock_gettime(CLOCK_MONOTONIC, &ts);
		else
			syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
		if (ns(&ts) < ns(&prev))
			ok = 0;
		prev = ts;
	}
	CHECK(ok, "CLOCK_MONOTONIC is monotone over 4000 reads");

	/* BOOTTIME counts at least what MONOTONIC does. */
	clock_gettime(CLOCK_MONOTONIC, &a);
	clock_gettime(CLOCK_BOOTTIME, &b);
	CHECK(ns(&b) >= ns(&a), "CLOCK_BOOTTIME >= CLOCK_MONOTONIC");

	/* MONOTONIC advances across a sleep. */
	clock_gettime(CLOCK_MONOTONIC, &a);
	usleep(20000);
	clock_gettime(CLOCK_MONOTONIC, &b);
	CHECK(ns(&b) - ns(&a) >= 20000000, "CLOCK_MONOTONIC advances by at least a 20 ms sleep");

	/* CPU clocks advance with work (and not by more than wall time). */
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
	clock_gettime(CLOCK_MONOTONIC, &prev);
	burn(50000000);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	CHECK(ns(&b) > ns(&a), "CLOCK_PROCESS_CPUTIME_ID advances with work");
	CHECK(ns(&b) - ns(&a) <= ns(&ts) - ns(&prev) + 20000000,
	      "single-threaded CPU time does not exceed wall time");
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a);
	burn(20000000);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b);
	CHECK(ns(&b) > ns(&a), "CLOCK_THREAD_CPUTIME_ID advances with work");

	/* Errors. */
	CHECK_ERR(clock_gettime((clockid_t)12345, &ts), EINVAL, "unknown clock is EINVAL");
	CHECK_ERR(syscall(SYS_clock_gettime, 12345, &ts), EINVAL, "raw unknown clock is EINVAL");
	CHECK_ERR(syscall(SYS_clock_gettime, CLOCK_REALTIME, (void *)1), EFAULT,
		  "bad pointer is EFAULT (CLOCK_REALTIME)");
	CHECK_ERR(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, (void *)1), EFAULT,
		  "bad pointer is EFAULT (CLOCK_MONOTONIC)");
	ts.tv_sec = 1;
	ts.tv_nsec = 0;
	CHECK_ERR(clock_settime(CLOCK_MONOTONIC, &ts), EINVAL, "setting CLOCK_MONOTONIC is EINVAL");
	return 0;
}
