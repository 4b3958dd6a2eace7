/* SPDX-License-Identifier: MIT */
/* Host poll and eventfd kicks: the primitive under every sleeping task. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include "host/host.h"

int host_poll(struct linux_pollfd *fds, unsigned n, int64_t timeout_ns)
{
	struct timespec ts, *tsp = NULL;
	int r;

	if (timeout_ns >= 0) {
		ts.tv_sec = timeout_ns / 1000000000;
		ts.tv_nsec = timeout_ns % 1000000000;
		tsp = &ts;
	}
	r = ppoll((struct pollfd *)fds, n, tsp, NULL);
	return r < 0 ? -errno : r;
}

void host_eventfd_signal(int efd)
{
	uint64_t one = 1;

	while (write(efd, &one, sizeof(one)) < 0 && errno == EINTR)
		;
}

void host_eventfd_drain(int efd)
{
	uint64_t v;

	while (read(efd, &v, sizeof(v)) < 0 && errno == EINTR)
		;
}
