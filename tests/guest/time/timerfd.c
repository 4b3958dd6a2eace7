/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * timerfd: create flags and clocks, relative and absolute one-shot timers,
 * gettime/old_value, the u64 expiration count, intervals, poll, EAGAIN and errors.
 */
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <sys/timerfd.h>
#include <time.h>
#include "check.h"

#define MS 1000000L

static struct itimerspec its(long value_ns, long interval_ns)
{
	struct itimerspec t = {
		.it_value = { value_ns / 1000000000L, value_ns % 1000000000L },
		.it_interval = { interval_ns / 1000000000L, interval_ns % 1000000000L },
	};

	return t;
}

static int readable(int fd, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	if (poll(&p, 1, timeout_ms) < 0)
		return -1;
	return p.revents == POLLIN;
}

static long ns(const struct timespec *t)
{
	return t->tv_sec * 1000000000L + t->tv_nsec;
}

int main(void)
{
	struct itimerspec t, old;
	struct timespec now, d = { 0, 30 * MS };
	uint64_t cnt;
	int fd, fd2, p[2];
	char small[4];

	fd = timerfd_create(CLOCK_MONOTONIC, 0);
	CHECK(fd >= 0 && fcntl(fd, F_GETFD) == 0 && !(fcntl(fd, F_GETFL) & O_NONBLOCK),
	      "timerfd_create CLOCK_MONOTONIC");
	fd2 = timerfd_create(CLOCK_REALTIME, TFD_CLOEXEC | TFD_NONBLOCK);
	CHECK(fd2 >= 0 && fcntl(fd2, F_GETFD) == FD_CLOEXEC && (fcntl(fd2, F_GETFL) & O_NONBLOCK),
	      "timerfd_create CLOCK_REALTIME, TFD_CLOEXEC | TFD_NONBLOCK");
	CHECK_ERR(timerfd_create(CLOCK_MONOTONIC, 1), EINVAL, "bad flags: EINVAL");
	CHECK_ERR(timerfd_create(12345, 0), EINVAL, "bad clock: EINVAL");
	CHECK_ERR(timerfd_create(CLOCK_PROCESS_CPUTIME_ID, 0), EINVAL, "CPU-time clock: EINVAL");
	CHECK_ERR(timerfd_create(-1, 0), EINVAL, "negative clock: EINVAL");
	{
		int b = timerfd_create(CLOCK_BOOTTIME, 0);

		CHECK(b >= 0, "CLOCK_BOOTTIME is allowed");
		close(b);
	}

	/* Disarmed. */
	memset(&t, 0x55, sizeof(t));
	CHECK(timerfd_gettime(fd, &t) == 0 && ns(&t.it_value) == 0 && ns(&t.it_interval) == 0,
	      "new timer is disarmed");
	CHECK(readable(fd, 0) == 0, "disarmed timer is not readable");

	/* Relative one-shot. */
	t = its(10000 * MS, 0);
	CHECK(timerfd_settime(fd, 0, &t, NULL) == 0, "arm 10 s relative");
	CHECK(timerfd_gettime(fd, &t) == 0 && ns(&t.it_value) > 9000 * MS &&
		      ns(&t.it_value) <= 10000 * MS && ns(&t.it_interval) == 0,
	      "gettime: remaining time in (9 s, 10 s]");
	CHECK(readable(fd, 0) == 0, "not readable before expiry");
	CHECK(fcntl(fd, F_SETFL, O_NONBLOCK) == 0, "O_NONBLOCK via fcntl");
	CHECK_ERR(read(fd, &cnt, sizeof(cnt)), EAGAIN, "read before expiry: EAGAIN");
	CHECK(fcntl(fd, F_SETFL, 0) == 0, "back to blocking");
	t = its(20 * MS, 0);
	CHECK(timerfd_settime(fd, 0, &t, &old) == 0 && ns(&old.it_value) > 9000 * MS,
	      "re-arm 20 ms; old_value has the previous setting");
	CHECK(readable(fd, 5000) == 1, "poll: POLLIN on expiry");
	CHECK_ERR(read(fd, small, sizeof(small)), EINVAL, "read into 4 bytes: EINVAL");
	cnt = 0;
	CHECK(read(fd, &cnt, sizeof(cnt)) == 8 && cnt == 1, "read: one expiration");
	CHECK(readable(fd, 0) == 0, "read resets readiness");
	CHECK(timerfd_gettime(fd, &t) == 0 && ns(&t.it_value) == 0, "expired one-shot disarms");

	/* Blocking read waits for the timer. */
	t = its(10 * MS, 0);
	CHECK(timerfd_settime(fd, 0, &t, NULL) == 0, "arm 10 ms");
	cnt = 0;
	CHECK(read(fd, &cnt, sizeof(cnt)) == 8 && cnt == 1, "blocking read returns 1");

	/* Absolute. */
	CHECK(clock_gettime(CLOCK_MONOTONIC, &now) == 0, "clock_gettime");
	t = its(ns(&now) + 10000 * MS, 0);
	CHECK(timerfd_settime(fd, TFD_TIMER_ABSTIME, &t, NULL) == 0, "arm absolute now+10 s");
	CHECK(timerfd_gettime(fd, &t) == 0 && ns(&t.it_value) > 9000 * MS &&
		      ns(&t.it_value) <= 10000 * MS,
	      "gettime reports the relative remaining time");
	CHECK(clock_gettime(CLOCK_MONOTONIC, &now) == 0, "clock_gettime");
	t = its(ns(&now) + 10 * MS, 0);
	CHECK(timerfd_settime(fd, TFD_TIMER_ABSTIME, &t, NULL) == 0, "arm absolute now+10 ms");
	cnt = 0;
	CHECK(read(fd, &cnt, sizeof(cnt)) == 8 && cnt == 1, "absolute timer fires");
	t = its(1 * MS, 0);
	CHECK(timerfd_settime(fd, TFD_TIMER_ABSTIME, &t, NULL) == 0 && readable(fd, 1000) == 1,
	      "absolute time in the past fires at once");
	CHECK(read(fd, &cnt, sizeof(cnt)) == 8 && cnt == 1, "count 1");
	CHECK(clock_gettime(CLOCK_REALTIME, &now) == 0, "realtime now");
	now.tv_sec -= 1;
	t.it_value = now;
	CHECK(timerfd_settime(fd2, TFD_TIMER_ABSTIME, &t, NULL) == 0 && readable(fd2, 1000) == 1 &&
		      read(fd2, &cnt, sizeof(cnt)) == 8 && cnt == 1,
	      "past absolute CLOCK_REALTIME fires at once");

	/* Interval. */
	t = its(5 * MS, 5 * MS);
	CHECK(timerfd_settime(fd, 0, &t, NULL) == 0, "arm 5 ms every 5 ms");
	nanosleep(&d, NULL);
	cnt = 0;
	CHECK(read(fd, &cnt, sizeof(cnt)) == 8 && cnt >= 2, "several expirations accumulate");
	CHECK(timerfd_gettime(fd, &t) == 0 && ns(&t.it_interval) == 5 * MS &&
		      ns(&t.it_value) > 0 && ns(&t.it_value) <= 5 * MS,
	      "interval timer stays armed");
	t = its(0, 0);
	memset(&old, 0, sizeof(old));
	CHECK(timerfd_settime(fd, 0, &t, &old) == 0 && ns(&old.it_interval) == 5 * MS,
	      "disarm; old_value has the interval");
	CHECK(timerfd_gettime(fd, &t) == 0 && ns(&t.it_value) == 0 && ns(&t.it_interval) == 0,
	      "disarmed");
	CHECK(readable(fd, 20) == 0, "disarmed timer never fires");

	/* Re-arming discards pending expirations. */
	t = its(1 * MS, 0);
	CHECK(timerfd_settime(fd, 0, &t, NULL) == 0 && readable(fd, 5000) == 1, "fire");
	t = its(10000 * MS, 0);
	CHECK(timerfd_settime(fd, 0, &t, NULL) == 0 && readable(fd, 0) == 0,
	      "re-arming clears the pending count");
	CHECK(fcntl(fd, F_SETFL, O_NONBLOCK) == 0 && read(fd, &cnt, sizeof(cnt)) == -1 &&
		      errno == EAGAIN,
	      "nothing to read after re-arming");

	/* Errors. */
	t = its(0, 0);
	t.it_value.tv_nsec = 1000000000L;
	CHECK_ERR(timerfd_settime(fd, 0, &t, NULL), EINVAL, "tv_nsec out of range: EINVAL");
	t = its(1 * MS, 0);
	CHECK_ERR(timerfd_settime(fd, 0x100, &t, NULL), EINVAL, "settime bad flags: EINVAL");
	CHECK_ERR(write(fd, &cnt, sizeof(cnt)), EINVAL, "write: EINVAL");
	CHECK(pipe(p) == 0, "pipe");
	CHECK_ERR(timerfd_settime(p[0], 0, &t, NULL), EINVAL, "settime on a pipe: EINVAL");
	CHECK_ERR(timerfd_gettime(p[0], &t), EINVAL, "gettime on a pipe: EINVAL");
	CHECK_ERR(timerfd_gettime(99, &t), EBADF, "gettime on a closed fd: EBADF");
	close(p[0]);
	close(p[1]);
	close(fd2);
	close(fd);
	return 0;
}
