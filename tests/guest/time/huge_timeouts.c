/* tags: time signal */
/* SPDX-License-Identifier: MIT */
/*
 * The largest times a program can pass: each call must take them as "very far
 * away" (Linux saturates at KTIME_MAX) and still be interrupted by a signal or
 * read back sanely, never overflow. Covers nanosleep, clock_nanosleep
 * (relative and absolute), ppoll, pselect6, select, sigtimedwait, futex,
 * epoll_pwait2, setitimer, timerfd, timer_settime, SO_RCVTIMEO and clock_settime.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

#define BIG INT64_MAX
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAIT_BITSET_PRIVATE (9 | 128)
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_BITSET_MATCH_ANY 0xffffffff

static void on_alarm(int sig)
{
	(void)sig;
}

/* A 30 ms one-shot SIGALRM to interrupt the next call. */
static void soon(void)
{
	struct itimerval it = { { 0, 0 }, { 0, 30000 } };

	setitimer(ITIMER_REAL, &it, NULL);
}

int main(void)
{
	struct timespec big = { BIG, 999999999 }, rem;
	struct timeval tvbig = { BIG, 999999 };
	struct itimerval itv = { { BIG, 999999 }, { BIG, 999999 } }, got;
	struct itimerspec its = { { BIG, 999999999 }, { BIG, 999999999 } }, cur;
	struct sigaction sa = { 0 };
	struct pollfd pfd;
	sigset_t set;
	fd_set rfds;
	int p[2], ep, tfd, id, sv[2], futex_word = 0;
	char c;

	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	CHECK(pipe(p) == 0, "a pipe");

	soon();
	CHECK_ERR(nanosleep(&big, &rem), EINTR, "nanosleep(huge) is interrupted (EINTR)");
	CHECK(rem.tv_sec > 1000000000, "and the time left is huge");
	soon();
	CHECK(clock_nanosleep(CLOCK_MONOTONIC, 0, &big, NULL) == EINTR, "clock_nanosleep relative, huge: EINTR");
	soon();
	CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &big, NULL) == EINTR,
	      "clock_nanosleep absolute, huge: EINTR");
	soon();
	CHECK(clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &big, NULL) == EINTR,
	      "clock_nanosleep absolute on CLOCK_REALTIME, huge: EINTR");

	pfd.fd = p[0];
	pfd.events = POLLIN;
	soon();
	CHECK_ERR(ppoll(&pfd, 1, &big, NULL), EINTR, "ppoll(huge): EINTR");
	FD_ZERO(&rfds);
	FD_SET(p[0], &rfds);
	soon();
	CHECK_ERR(pselect(p[0] + 1, &rfds, NULL, NULL, &big, NULL), EINTR, "pselect(huge): EINTR");
	FD_SET(p[0], &rfds);
	soon();
	CHECK_ERR(select(p[0] + 1, &rfds, NULL, NULL, &tvbig), EINTR, "select(huge): EINTR");
	tvbig.tv_sec = BIG;
	tvbig.tv_usec = 999999;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	soon();
	/* (raw: musl's sigtimedwait retries on EINTR) */
	CHECK_ERR(syscall(SYS_rt_sigtimedwait, &set, NULL, &big, 8), EINTR, "rt_sigtimedwait(huge): EINTR");

	soon();
	CHECK(syscall(SYS_futex, &futex_word, FUTEX_WAIT_PRIVATE, 0, &big, NULL, 0) == -1 && errno == EINTR,
	      "FUTEX_WAIT relative, huge: EINTR");
	soon();
	CHECK(syscall(SYS_futex, &futex_word, FUTEX_WAIT_BITSET_PRIVATE, 0, &big, NULL, FUTEX_BITSET_MATCH_ANY) == -1 &&
		      errno == EINTR,
	      "FUTEX_WAIT_BITSET absolute, huge: EINTR");
	soon();
	CHECK(syscall(SYS_futex, &futex_word, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 0, &big, NULL,
		      FUTEX_BITSET_MATCH_ANY) == -1 &&
		      errno == EINTR,
	      "FUTEX_WAIT_BITSET on CLOCK_REALTIME, huge: EINTR");

	ep = epoll_create1(0);
	soon();
	CHECK(syscall(SYS_epoll_pwait2, ep, &pfd, 1, &big, NULL, 8) == -1 && errno == EINTR,
	      "epoll_pwait2(huge): EINTR");

	/* (Linux reads a huge CPU-time timer back oddly, so only setting it is checked.) */
	CHECK(setitimer(ITIMER_VIRTUAL, &itv, NULL) == 0, "setitimer ITIMER_VIRTUAL huge");
	itv.it_value.tv_sec = 0;
	itv.it_value.tv_usec = 0;
	setitimer(ITIMER_VIRTUAL, &itv, NULL);
	itv.it_value.tv_sec = BIG;
	itv.it_value.tv_usec = 999999;
	CHECK(setitimer(ITIMER_REAL, &itv, NULL) == 0, "setitimer ITIMER_REAL huge");
	CHECK(getitimer(ITIMER_REAL, &got) == 0 && got.it_value.tv_sec > 1000000000, "reads back huge");

	tfd = timerfd_create(CLOCK_MONOTONIC, 0);
	CHECK(timerfd_settime(tfd, 0, &its, NULL) == 0, "timerfd_settime huge");
	CHECK(timerfd_gettime(tfd, &cur) == 0 && cur.it_value.tv_sec > 1000000000, "reads back huge");
	CHECK(timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL) == 0, "timerfd_settime absolute huge");

	CHECK(syscall(SYS_timer_create, CLOCK_MONOTONIC, NULL, &id) == 0, "timer_create");
	CHECK(syscall(SYS_timer_settime, id, 0, &its, NULL) == 0, "timer_settime huge");
	CHECK(syscall(SYS_timer_gettime, id, &cur) == 0 && cur.it_value.tv_sec > 1000000000, "reads back huge");
	CHECK(syscall(SYS_timer_settime, id, TIMER_ABSTIME, &its, NULL) == 0, "timer_settime absolute huge");
	CHECK(syscall(SYS_timer_delete, id) == 0, "timer_delete");

	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "a socket pair");
	CHECK(setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tvbig, sizeof(tvbig)) == 0, "SO_RCVTIMEO huge");
	soon();
	CHECK(read(sv[0], &c, 1) == -1 && errno == EINTR, "a read with a huge SO_RCVTIMEO waits: EINTR");

	big.tv_nsec = 0;
	CHECK_ERR(clock_settime(CLOCK_REALTIME, &big), EINVAL, "clock_settime(huge) fails EINVAL");
	return 0;
}
