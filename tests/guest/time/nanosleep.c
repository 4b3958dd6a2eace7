/* tags: time signal */
/* SPDX-License-Identifier: MIT */
/*
 * nanosleep sleeps at least the time asked, rejects bad timespecs with
 * EINVAL, and reports the remaining time when a signal interrupts it.
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

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int main(void)
{
	struct timespec req, rem;
	struct itimerval it;
	struct sigaction sa;
	int64_t t0, t1, left;
	int r, e;

	req.tv_sec = 0;
	req.tv_nsec = 50000000;
	t0 = now_ns();
	CHECK(nanosleep(&req, NULL) == 0, "nanosleep 50 ms");
	t1 = now_ns();
	CHECK(t1 - t0 >= 50000000, "slept at least 50 ms");
	CHECK(t1 - t0 < 1000000000, "slept less than a second");

	req.tv_sec = 0;
	req.tv_nsec = 10000000;
	memset(&rem, 0xff, sizeof(rem));
	t0 = now_ns();
	CHECK(nanosleep(&req, &rem) == 0, "nanosleep 10 ms with a rem pointer");
	CHECK(now_ns() - t0 >= 10000000, "slept at least 10 ms");

	req.tv_sec = 0;
	req.tv_nsec = 0;
	CHECK(nanosleep(&req, NULL) == 0, "zero sleep returns at once");
	req.tv_nsec = 20000000;
	t0 = now_ns();
	CHECK(syscall(SYS_nanosleep, &req, NULL) == 0 && now_ns() - t0 >= 20000000,
	      "raw nanosleep 20 ms");

	/* Bad timespecs. */
	req.tv_sec = 0;
	req.tv_nsec = 1000000000;
	CHECK_ERR(nanosleep(&req, NULL), EINVAL, "tv_nsec of 1e9 is EINVAL");
	req.tv_nsec = -1;
	CHECK_ERR(nanosleep(&req, NULL), EINVAL, "negative tv_nsec is EINVAL");
	req.tv_sec = -1;
	req.tv_nsec = 0;
	CHECK_ERR(nanosleep(&req, NULL), EINVAL, "negative tv_sec is EINVAL");
	CHECK_ERR(syscall(SYS_nanosleep, (void *)1, NULL), EFAULT, "bad request pointer is EFAULT");

	/* Interrupted by SIGALRM after 100 ms: EINTR and the time left. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	CHECK(sigaction(SIGALRM, &sa, NULL) == 0, "SIGALRM handler without SA_RESTART");
	memset(&it, 0, sizeof(it));
	it.it_value.tv_usec = 100000;
	CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0, "arm a 100 ms timer");
	req.tv_sec = 5;
	req.tv_nsec = 0;
	memset(&rem, 0, sizeof(rem));
	t0 = now_ns();
	errno = 0;
	r = nanosleep(&req, &rem);
	e = errno;
	t1 = now_ns();
	CHECK(r == -1 && e == EINTR, "interrupted nanosleep is EINTR");
	CHECK(got_alarm, "the handler ran");
	CHECK(t1 - t0 >= 90000000 && t1 - t0 < 4000000000LL, "woke early, near the timer");
	CHECK(rem.tv_nsec >= 0 && rem.tv_nsec < 1000000000, "remaining time is normalised");
	left = rem.tv_sec * 1000000000LL + rem.tv_nsec;
	CHECK(left >= 1000000000LL && left < 5000000000LL &&
		      left <= 5000000000LL - (t1 - t0) + 500000000,
	      "remaining time is about 5 s minus the time slept");

	/* Sleeping for the remainder again can be interrupted again (NULL rem). */
	got_alarm = 0;
	it.it_value.tv_usec = 50000;
	setitimer(ITIMER_REAL, &it, NULL);
	CHECK_ERR(nanosleep(&rem, NULL), EINTR, "interrupted again with a NULL rem");
	CHECK(got_alarm, "the handler ran again");

	/* A blocked signal does not interrupt the sleep. */
	{
		sigset_t set;

		sigemptyset(&set);
		sigaddset(&set, SIGALRM);
		sigprocmask(SIG_BLOCK, &set, NULL);
		got_alarm = 0;
		it.it_value.tv_usec = 20000;
		setitimer(ITIMER_REAL, &it, NULL);
		req.tv_sec = 0;
		req.tv_nsec = 80000000;
		t0 = now_ns();
		CHECK(nanosleep(&req, NULL) == 0 && now_ns() - t0 >= 80000000,
		      "blocked SIGALRM does not cut the sleep short");
		CHECK(!got_alarm, "handler did not run while blocked");
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		CHECK(got_alarm, "handler ran once unblocked");
	}
	return 0;
}
