/* SPDX-License-Identifier: MIT */
/* Host clocks and entropy. */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/random.h>
#include <time.h>
#include "host/host.h"

static int64_t clk(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t host_monotonic_ns(void)
{
	return clk(CLOCK_MONOTONIC);
}

int64_t host_realtime_ns(void)
{
	return clk(CLOCK_REALTIME);
}

int64_t host_thread_cputime_ns(void)
{
	return clk(CLOCK_THREAD_CPUTIME_ID);
}

int host_getrandom(void *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t r = getrandom((char *)buf + done, n - done, 0);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		done += (size_t)r;
	}
	return 0;
}
