/* tags: time */
/* SPDX-License-Identifier: MIT */
/*
 * gettimeofday() and time() agree with CLOCK_REALTIME within a second, both
 * via libc and the raw syscalls; NULL arguments and EFAULT.
 */
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include "check.h"

static int64_t us_tv(const struct timeval *tv)
{
	return (int64_t)tv->tv_sec * 1000000 + tv->tv_usec;
}

static int64_t us_ts(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000 + ts->tv_nsec / 1000;
}

static int close_us(int64_t a, int64_t b)
{
	return a - b < 1000000 && b - a < 1000000;
}

int main(void)
{
	struct timeval tv, tv2;
	struct timespec ts;
	struct timezone tz;
	time_t t, t2, t3;
	int ok, i;

	CHECK(gettimeofday(&tv, NULL) == 0, "gettimeofday");
	CHECK(tv.tv_usec >= 0 && tv.tv_usec < 1000000, "tv_usec is normalised");
	clock_gettime(CLOCK_REALTIME, &ts);
	CHECK(close_us(us_tv(&tv), us_ts(&ts)), "gettimeofday agrees with CLOCK_REALTIME");
	CHECK(tv.tv_sec > 1577836800, "gettimeofday is after 2020");

	memset(&tv2, 0, sizeof(tv2));
	CHECK(syscall(SYS_gettimeofday, &tv2, NULL) == 0, "raw gettimeofday");
	CHECK(close_us(us_tv(&tv2), us_tv(&tv)) && us_tv(&tv2) >= us_tv(&tv) - 1000,
	      "raw gettimeofday agrees with libc");
	CHECK(gettimeofday(&tv, &tz) == 0, "gettimeofday with a timezone pointer");
	CHECK(syscall(SYS_gettimeofday, NULL, &tz) == 0, "raw gettimeofday with NULL tv");
	CHECK(syscall(SYS_gettimeofday, NULL, NULL) == 0, "raw gettimeofday with both NULL");

	t = time(NULL);
	clock_gettime(CLOCK_REALTIME, &ts);
	CHECK(t <= ts.tv_sec && ts.tv_sec - t <= 1, "time() agrees with CLOCK_REALTIME");
	t3 = 0;
	t2 = time(&t3);
	CHECK(t2 == t3 && t2 >= t, "time(&t) returns and stores the same value");
	t3 = 0;
	t2 = syscall(SYS_time, &t3);
	/* The raw call reads the coarse clock, which may trail by a tick just after a second turns. */
	CHECK(t2 == t3 && t2 >= t - 1 && t2 - t <= 1, "raw time() returns and stores the time");
	CHECK(syscall(SYS_time, NULL) >= t - 1, "raw time(NULL)");

	/* In a short loop gettimeofday stays normalised and does not go back. */
	ok = 1;
	gettimeofday(&tv, NULL);
	for (i = 0; i < 2000; i++) {
		gettimeofday(&tv2, NULL);
		if (tv2.tv_usec < 0 || tv2.tv_usec >= 1000000 || us_tv(&tv2) < us_tv(&tv))
			ok = 0;
		tv = tv2;
	}
	CHECK(ok, "gettimeofday is normalised and non-decreasing over 2000 reads");

	CHECK_ERR(syscall(SYS_gettimeofday, (void *)1, NULL), EFAULT, "bad tv pointer is EFAULT");
	CHECK_ERR(syscall(SYS_gettimeofday, NULL, (void *)1), EFAULT, "bad tz pointer is EFAULT");
	CHECK_ERR(syscall(SYS_time, (void *)1), EFAULT, "raw time() with a bad pointer is EFAULT");
	return 0;
}
