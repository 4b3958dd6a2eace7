/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * getrusage()/times()/CPU-time clocks: calls succeed, values are sane and
 * monotonic after burning some CPU; invalid arguments are rejected.
 */
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/times.h>
#include <time.h>
#include "check.h"

static long tv_us(struct timeval tv)
{
	return tv.tv_sec * 1000000L + tv.tv_usec;
}

static double ts_sec(clockid_t c)
{
	struct timespec ts = { 0, 0 };

	clock_gettime(c, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void burn(double sec)
{
	double c0 = ts_sec(CLOCK_PROCESS_CPUTIME_ID), w0 = ts_sec(CLOCK_MONOTONIC);
	volatile unsigned long x = 0;

	while (ts_sec(CLOCK_PROCESS_CPUTIME_ID) - c0 < sec && ts_sec(CLOCK_MONOTONIC) - w0 < 1.0)
		for (int i = 0; i < 10000; i++)
			x += i;
}

int main(void)
{
	struct rusage r0, r1, rt;
	struct tms t0, t1;
	clock_t e0, e1;
	double p0, p1, th0, th1;
	struct timespec res;

	CHECK(getrusage(RUSAGE_SELF, &r0) == 0, "getrusage(RUSAGE_SELF)");
	e0 = times(&t0);
	CHECK(e0 != (clock_t)-1, "times() succeeds");
	p0 = ts_sec(CLOCK_PROCESS_CPUTIME_ID);
	th0 = ts_sec(CLOCK_THREAD_CPUTIME_ID);

	burn(0.04);
	{
		struct timespec ts = { 0, 20 * 1000 * 1000 };

		nanosleep(&ts, NULL);
	}

	CHECK(getrusage(RUSAGE_SELF, &r1) == 0, "getrusage again");
	e1 = times(&t1);
	p1 = ts_sec(CLOCK_PROCESS_CPUTIME_ID);
	th1 = ts_sec(CLOCK_THREAD_CPUTIME_ID);

	CHECK(tv_us(r1.ru_utime) + tv_us(r1.ru_stime) >=
		      tv_us(r0.ru_utime) + tv_us(r0.ru_stime) + 10000,
	      "ru_utime + ru_stime grew by >= 10 ms");
	CHECK(r1.ru_utime.tv_usec >= 0 && r1.ru_utime.tv_usec < 1000000, "ru_utime normalized");
	CHECK(r1.ru_maxrss > 0, "ru_maxrss > 0");
	CHECK(r1.ru_minflt >= r0.ru_minflt, "minor faults non-decreasing");
	CHECK(getrusage(RUSAGE_THREAD, &rt) == 0, "getrusage(RUSAGE_THREAD)");
	CHECK(tv_us(rt.ru_utime) + tv_us(rt.ru_stime) <=
		      tv_us(r1.ru_utime) + tv_us(r1.ru_stime) + 20000,
	      "thread time does not exceed process time");

	CHECK(e1 - e0 >= 3, "times() elapsed ticks advance (>= 3 for 60 ms)");
	CHECK(t1.tms_utime + t1.tms_stime >= t0.tms_utime + t0.tms_stime + 1,
	      "tms_utime + tms_stime grew by >= 1 tick");
	CHECK(t1.tms_cutime == 0 && t1.tms_cstime == 0, "no children's time");
	CHECK(times(NULL) != (clock_t)-1, "times(NULL) succeeds");
	CHECK(sysconf(_SC_CLK_TCK) == 100, "_SC_CLK_TCK == 100");

	CHECK(p1 - p0 >= 0.03, "CLOCK_PROCESS_CPUTIME_ID advanced >= 30 ms");
	CHECK(th1 - th0 >= 0.03, "CLOCK_THREAD_CPUTIME_ID advanced >= 30 ms");
	CHECK(p1 - p0 < 0.9, "CPU time did not count the sleep");
	CHECK(clock_getres(CLOCK_PROCESS_CPUTIME_ID, &res) == 0 && res.tv_sec == 0 &&
		      res.tv_nsec > 0,
	      "clock_getres(CLOCK_PROCESS_CPUTIME_ID)");

	CHECK_ERR(getrusage(42, &r1), EINVAL, "getrusage(42) -> EINVAL");
	CHECK_ERR(syscall(SYS_getrusage, RUSAGE_SELF, 8), EFAULT, "bad pointer -> EFAULT");
	return 0;
}
