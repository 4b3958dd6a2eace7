/* tags: time */
/* SPDX-License-Identifier: MIT */
/*
 * clock_getres: high-resolution clocks report at most 1 ms, coarse clocks a
 * positive value under a second, NULL is allowed; EINVAL and EFAULT cases.
 */
#include <sys/syscall.h>
#include <time.h>
#include "check.h"

int main(void)
{
	static const struct {
		clockid_t id;
		const char *name;
		int coarse;
	} clocks[] = {
		{ CLOCK_REALTIME, "CLOCK_REALTIME", 0 },
		{ CLOCK_MONOTONIC, "CLOCK_MONOTONIC", 0 },
		{ CLOCK_MONOTONIC_RAW, "CLOCK_MONOTONIC_RAW", 0 },
		{ CLOCK_BOOTTIME, "CLOCK_BOOTTIME", 0 },
		{ CLOCK_PROCESS_CPUTIME_ID, "CLOCK_PROCESS_CPUTIME_ID", 0 },
		{ CLOCK_THREAD_CPUTIME_ID, "CLOCK_THREAD_CPUTIME_ID", 0 },
		{ CLOCK_REALTIME_COARSE, "CLOCK_REALTIME_COARSE", 1 },
		{ CLOCK_MONOTONIC_COARSE, "CLOCK_MONOTONIC_COARSE", 1 },
	};
	struct timespec ts, raw;
	char desc[96];
	unsigned i;
	long r;

	for (i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		memset(&ts, 0xff, sizeof(ts));
		memset(&raw, 0xff, sizeof(raw));
		snprintf(desc, sizeof(desc), "%s resolution is %s", clocks[i].name,
			 clocks[i].coarse ? "positive and under a second" : "at most 1 ms");
		CHECK(clock_getres(clocks[i].id, &ts) == 0 && ts.tv_sec == 0 && ts.tv_nsec > 0 &&
			      ts.tv_nsec <= (clocks[i].coarse ? 999999999 : 1000000),
		      desc);
		snprintf(desc, sizeof(desc), "raw syscall agrees for %s", clocks[i].name);
		r = syscall(SYS_clock_getres, clocks[i].id, &raw);
		CHECK(r == 0 && raw.tv_sec == ts.tv_sec && raw.tv_nsec == ts.tv_nsec, desc);
	}

	CHECK(clock_getres(CLOCK_MONOTONIC, NULL) == 0, "NULL result pointer is allowed");
	CHECK(syscall(SYS_clock_getres, CLOCK_REALTIME, NULL) == 0, "raw NULL result pointer");

	CHECK_ERR(clock_getres((clockid_t)12345, &ts), EINVAL, "unknown clock is EINVAL");
	CHECK_ERR(syscall(SYS_clock_getres, 12345, &ts), EINVAL, "raw unknown clock is EINVAL");
	CHECK_ERR(syscall(SYS_clock_getres, 12345, NULL), EINVAL,
		  "unknown clock with NULL is EINVAL");
	CHECK_ERR(syscall(SYS_clock_getres, CLOCK_MONOTONIC, (void *)1), EFAULT,
		  "bad pointer is EFAULT");
	return 0;
}
