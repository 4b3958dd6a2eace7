/* tags: time */
/* SPDX-License-Identifier: MIT */
/*
 * The vDSO: present in the auxiliary vector and in /proc/self/maps, and its
 * clocks agree with the clock_gettime system call: interleaved readings
 * never go back, gettimeofday and time() match clock_gettime(REALTIME), and
 * an absolute sleep never ends before its deadline as the vDSO reads it.
 */
#include <stdint.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include "check.h"

static int64_t ns(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
}

static int64_t sys_now(clockid_t c)
{
	struct timespec ts;

	syscall(SYS_clock_gettime, c, &ts);
	return ns(&ts);
}

static int64_t libc_now(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return ns(&ts);
}

int main(void)
{
	struct timespec ts = { 0, 300000000 };
	int64_t a, b, c, worst = 0;
	struct timeval tv;
	char line[512];
	int i, ok = 1, vdso = 0, vvar = 0;
	FILE *f;

	CHECK(getauxval(AT_SYSINFO_EHDR) != 0, "AT_SYSINFO_EHDR is in the auxiliary vector");
	f = fopen("/proc/self/maps", "r");
	while (f && fgets(line, sizeof(line), f)) {
		vdso |= strstr(line, "[vdso]") != NULL;
		vvar |= strstr(line, "[vvar]") != NULL;
	}
	if (f)
		fclose(f);
	CHECK(vdso && vvar, "/proc/self/maps shows [vdso] and [vvar]");
	/* Long enough for ukern to have calibrated its TSC clock. */
	nanosleep(&ts, NULL);
	for (i = 0; i < 20000 && ok; i++) {
		clockid_t clk = i & 1 ? CLOCK_REALTIME : CLOCK_MONOTONIC;

		a = libc_now(clk);
		b = sys_now(clk);
		c = libc_now(clk);
		ok = a <= b && b <= c;
	}
	CHECK(ok, "vDSO, system call, vDSO: MONOTONIC and REALTIME never go back");
	ok = 1;
	for (i = 0; i < 1000 && ok; i++) {
		a = libc_now(CLOCK_REALTIME);
		gettimeofday(&tv, NULL);
		b = (int64_t)tv.tv_sec * 1000000000 + tv.tv_usec * 1000;
		c = libc_now(CLOCK_REALTIME);
		ok = a / 1000 * 1000 <= b && b <= c;
	}
	CHECK(ok, "gettimeofday lies between two clock_gettime(REALTIME)");
	a = libc_now(CLOCK_REALTIME) / 1000000000;
	b = time(NULL);
	c = libc_now(CLOCK_REALTIME) / 1000000000;
	/* Linux's time() reads the tick-updated coarse clock: just past a second it may still say the last one. */
	CHECK(a - 1 <= b && b <= c, "time() agrees with clock_gettime(REALTIME)");
	ok = 1;
	for (i = 0; i < 20; i++) {
		struct timespec d;
		int64_t deadline = libc_now(CLOCK_MONOTONIC) + 3000000, late;

		d.tv_sec = deadline / 1000000000;
		d.tv_nsec = deadline % 1000000000;
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &d, NULL);
		late = libc_now(CLOCK_MONOTONIC) - deadline;
		if (late < 0)
			ok = 0;
		worst = late < worst ? late : worst;
	}
	CHECK(ok, "absolute clock_nanosleep never wakes before the deadline the vDSO reads");
	if (!ok)
		printf("# woke %lld ns early\n", (long long)-worst);
	return 0;
}
