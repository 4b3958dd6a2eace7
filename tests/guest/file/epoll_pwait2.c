/* tags: signal */
/* SPDX-License-Identifier: MIT */
/*
 * epoll_pwait2: a timespec timeout (zero polls once, a short one expires,
 * NULL waits for readiness), the temporary signal mask, and EINVAL/EFAULT/EBADF.
 */
#include <signal.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static volatile sig_atomic_t got;

static void on_usr1(int sig)
{
	(void)sig;
	got++;
}

static long pwait2(int ep, struct epoll_event *ev, int n, const struct timespec *ts, const sigset_t *mask)
{
	return syscall(SYS_epoll_pwait2, ep, ev, n, ts, mask, 8);
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

int main(void)
{
	struct epoll_event ev[4], add = { .events = EPOLLIN, .data.u64 = 42 };
	struct timespec zero = { 0, 0 }, short_ = { 0, 50000000 }, bad = { 0, 1000000000 };
	sigset_t block, empty;
	double t0;
	int ep, p[2];
	char c = 'x';

	ep = epoll_create1(0);
	CHECK(ep >= 0 && pipe(p) == 0, "epoll and a pipe");
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &add) == 0, "watch the read end");

	CHECK(pwait2(ep, ev, 4, &zero, NULL) == 0, "zero timeout, nothing ready: 0");
	t0 = now();
	CHECK(pwait2(ep, ev, 4, &short_, NULL) == 0, "50 ms timeout, nothing ready: 0");
	CHECK(now() - t0 >= 0.045, "the timeout was waited for");

	CHECK(write(p[1], &c, 1) == 1, "make it readable");
	CHECK(pwait2(ep, ev, 4, &zero, NULL) == 1 && ev[0].events == EPOLLIN && ev[0].data.u64 == 42,
	      "zero timeout reports the ready pipe");
	CHECK(pwait2(ep, ev, 4, NULL, NULL) == 1, "NULL timeout returns at once when ready");
	CHECK(read(p[0], &c, 1) == 1, "drain");

	/* SIGUSR1 blocked normally, unblocked only inside the wait. */
	signal(SIGUSR1, on_usr1);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, NULL);
	kill(getpid(), SIGUSR1);
	CHECK(got == 0, "SIGUSR1 pending while blocked");
	sigemptyset(&empty);
	CHECK_ERR(pwait2(ep, ev, 4, NULL, &empty), EINTR, "the temporary mask lets it in: EINTR");
	CHECK(got == 1, "handler ran once");
	kill(getpid(), SIGUSR1);
	CHECK(got == 1, "the old mask is back after the call");
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	CHECK(got == 2, "delivered on unblock");

	CHECK_ERR(pwait2(ep, ev, 4, &bad, NULL), EINVAL, "tv_nsec 1e9 fails EINVAL");
	CHECK_ERR(pwait2(ep, ev, 0, &zero, NULL), EINVAL, "maxevents 0 fails EINVAL");
	CHECK_ERR(pwait2(ep, ev, 4, (const struct timespec *)8, NULL), EFAULT, "bad timeout pointer fails EFAULT");
	CHECK_ERR(pwait2(p[0], ev, 4, &zero, NULL), EINVAL, "not an epoll fd fails EINVAL");
	CHECK_ERR(pwait2(99, ev, 4, &zero, NULL), EBADF, "bad fd fails EBADF");
	CHECK_ERR(syscall(SYS_epoll_pwait2, ep, ev, 4, &zero, &empty, 4), EINVAL, "sigset size 4 fails EINVAL");
	return 0;
}
