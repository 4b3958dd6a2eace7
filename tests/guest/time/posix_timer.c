/* tags: time signal fork */
/* SPDX-License-Identifier: MIT */
/*
 * POSIX timers through the raw system calls: SIGEV_SIGNAL with si_value and
 * SI_TIMER, the NULL-sigevent default (SIGALRM), periodic timers and
 * si_overrun/timer_getoverrun while the signal stays blocked, timer_gettime
 * and the old value from timer_settime, disarming, TIMER_ABSTIME in the past,
 * SIGEV_NONE, SIGEV_THREAD_ID, not inherited by fork, and the errors.
 */
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

/* The kernel's struct sigevent: value, signo, notify, thread id. */
struct kevent {
	uint64_t value;
	int signo, notify, tid;
	int pad[11];
};

static int tcreate(int clock, struct kevent *ev, int *id)
{
	return (int)syscall(SYS_timer_create, clock, ev, id);
}

static int tset(int id, int flags, long v_s, long v_ns, long i_s, long i_ns, struct itimerspec *old)
{
	struct itimerspec its = { { i_s, i_ns }, { v_s, v_ns } };

	return (int)syscall(SYS_timer_settime, id, flags, &its, old);
}

static int wait_sig(int sig, siginfo_t *si)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, sig);
	return sigwaitinfo(&s, si);
}

int main(void)
{
	struct kevent ev = { 0 };
	struct itimerspec cur, old;
	struct timespec ts, t0, d = { 0, 100000000 };
	siginfo_t si;
	sigset_t block;
	int a, b, c, st;
	long ov, ms;
	pid_t pid;

	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGALRM);
	sigaddset(&block, SIGUSR2);
	sigprocmask(SIG_BLOCK, &block, NULL);

	ev.notify = SIGEV_SIGNAL;
	ev.signo = SIGUSR1;
	ev.value = 77;
	CHECK(tcreate(CLOCK_MONOTONIC, &ev, &a) == 0, "timer_create SIGEV_SIGNAL SIGUSR1");
	CHECK(tcreate(CLOCK_REALTIME, NULL, &b) == 0 && b != a, "timer_create with NULL sigevent, another id");
	CHECK(syscall(SYS_timer_gettime, a, &cur) == 0 && cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0,
	      "a new timer is disarmed");

	CHECK(tset(a, 0, 0, 20000000, 0, 0, NULL) == 0, "arm 20 ms one-shot");
	CHECK(wait_sig(SIGUSR1, &si) == SIGUSR1, "SIGUSR1 arrives");
	CHECK(si.si_code == SI_TIMER && si.si_value.sival_int == 77 && si.si_overrun == 0,
	      "SI_TIMER, si_value 77, si_overrun 0");
	CHECK(syscall(SYS_timer_gettime, a, &cur) == 0 && cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0,
	      "a fired one-shot timer is disarmed");

	CHECK(tset(b, 0, 0, 10000000, 0, 0, NULL) == 0, "arm the default timer");
	CHECK(wait_sig(SIGALRM, &si) == SIGALRM && si.si_code == SI_TIMER, "the default is SIGALRM with SI_TIMER");

	/* Periodic, 10 ms, with SIGUSR1 blocked for 100 ms: one signal, the rest overruns. */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK(tset(a, 0, 0, 10000000, 0, 10000000, NULL) == 0, "arm 10 ms periodic");
	nanosleep(&d, NULL);
	CHECK(wait_sig(SIGUSR1, &si) == SIGUSR1, "one SIGUSR1 after 100 ms");
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ms = (ts.tv_sec - t0.tv_sec) * 1000 + (ts.tv_nsec - t0.tv_nsec) / 1000000;
	ov = syscall(SYS_timer_getoverrun, a);
	CHECK(si.si_overrun >= 4 && si.si_overrun <= ms / 10 + 1,
	      "si_overrun counts the expiries in between (4 to elapsed/10 ms)");
	CHECK(ov == si.si_overrun, "timer_getoverrun agrees with si_overrun");
	CHECK(tset(a, 0, 0, 0, 0, 0, &old) == 0, "disarm");
	CHECK(old.it_interval.tv_sec == 0 && old.it_interval.tv_nsec == 10000000 &&
	      old.it_value.tv_sec == 0 && old.it_value.tv_nsec > 0 && old.it_value.tv_nsec <= 10000000,
	      "the old value: 10 ms interval, under 10 ms left");
	sigpending(&block);
	if (sigismember(&block, SIGUSR1))
		wait_sig(SIGUSR1, &si);

	CHECK(tset(a, 0, 10, 0, 2, 500000000, NULL) == 0, "arm 10 s, interval 2.5 s");
	CHECK(syscall(SYS_timer_gettime, a, &cur) == 0 && cur.it_value.tv_sec >= 9 &&
		      (cur.it_value.tv_sec < 10 || (cur.it_value.tv_sec == 10 && cur.it_value.tv_nsec == 0)) &&
		      cur.it_interval.tv_sec == 2 && cur.it_interval.tv_nsec == 500000000,
	      "timer_gettime: about 10 s left, interval 2.5 s");
	CHECK(tset(a, 0, 0, 0, 0, 0, NULL) == 0 && syscall(SYS_timer_gettime, a, &cur) == 0 &&
		      cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0 && cur.it_interval.tv_nsec == 0,
	      "a zero value disarms and clears the interval");

	clock_gettime(CLOCK_REALTIME, &ts);
	CHECK(tset(b, TIMER_ABSTIME, ts.tv_sec - 5, 0, 0, 0, NULL) == 0, "TIMER_ABSTIME in the past");
	CHECK(wait_sig(SIGALRM, &si) == SIGALRM, "fires at once");
	clock_gettime(CLOCK_MONOTONIC, &ts);
	CHECK(tset(a, TIMER_ABSTIME, ts.tv_sec + 1, ts.tv_nsec, 0, 0, NULL) == 0 &&
		      syscall(SYS_timer_gettime, a, &cur) == 0 && cur.it_value.tv_sec == 0 &&
		      cur.it_value.tv_nsec > 500000000,
	      "TIMER_ABSTIME on CLOCK_MONOTONIC, one second ahead");
	CHECK(tset(a, 0, 0, 0, 0, 0, NULL) == 0, "disarm again");

	ev.notify = SIGEV_NONE;
	CHECK(tcreate(CLOCK_MONOTONIC, &ev, &c) == 0, "SIGEV_NONE timer");
	CHECK(tset(c, 0, 0, 1000000, 0, 0, NULL) == 0, "arm it for 1 ms");
	d.tv_nsec = 20000000;
	nanosleep(&d, NULL);
	sigpending(&block);
	CHECK(!sigismember(&block, SIGUSR1) && syscall(SYS_timer_gettime, c, &cur) == 0 &&
		      cur.it_value.tv_nsec == 0,
	      "no signal, and it has expired");
	CHECK(syscall(SYS_timer_delete, c) == 0, "timer_delete");
	CHECK_ERR(syscall(SYS_timer_delete, c), EINVAL, "deleting twice fails EINVAL");
	CHECK_ERR(syscall(SYS_timer_gettime, c, &cur), EINVAL, "a deleted timer is gone");

	ev.notify = SIGEV_THREAD_ID;
	ev.signo = SIGUSR2;
	ev.tid = (int)syscall(SYS_gettid);
	CHECK(tcreate(CLOCK_MONOTONIC, &ev, &c) == 0, "SIGEV_THREAD_ID to this thread");
	CHECK(tset(c, 0, 0, 1000000, 0, 0, NULL) == 0 && wait_sig(SIGUSR2, &si) == SIGUSR2 &&
		      si.si_code == SI_TIMER,
	      "SIGUSR2 to this thread");
	CHECK(syscall(SYS_timer_delete, c) == 0, "delete it");
	ev.tid = 999999;
	CHECK_ERR(tcreate(CLOCK_MONOTONIC, &ev, &c), EINVAL, "SIGEV_THREAD_ID to no such thread fails EINVAL");

	CHECK(tset(a, 0, 30, 0, 0, 0, NULL) == 0, "arm for 30 s before fork");
	pid = fork();
	if (pid == 0) {
		errno = 0;
		_exit(syscall(SYS_timer_gettime, a, &cur) == -1 && errno == EINVAL ? 0 : 1);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "the child of fork has no timers");
	CHECK(syscall(SYS_timer_gettime, a, &cur) == 0 && cur.it_value.tv_sec >= 29, "the parent's is still armed");

	ev.notify = SIGEV_SIGNAL;
	ev.signo = 0;
	CHECK_ERR(tcreate(CLOCK_MONOTONIC, &ev, &c), EINVAL, "signal 0 fails EINVAL");
	ev.signo = 65;
	CHECK_ERR(tcreate(CLOCK_MONOTONIC, &ev, &c), EINVAL, "signal 65 fails EINVAL");
	ev.signo = SIGUSR1;
	ev.notify = 99;
	CHECK_ERR(tcreate(CLOCK_MONOTONIC, &ev, &c), EINVAL, "sigev_notify 99 fails EINVAL");
	CHECK_ERR(tcreate(1234, NULL, &c), EINVAL, "clock 1234 fails EINVAL");
	CHECK_ERR(tcreate(CLOCK_MONOTONIC_RAW, NULL, &c), EOPNOTSUPP, "CLOCK_MONOTONIC_RAW fails EOPNOTSUPP");
	CHECK_ERR(tcreate(CLOCK_MONOTONIC, (struct kevent *)8, &c), EFAULT, "bad sigevent pointer fails EFAULT");
	CHECK_ERR(tset(a, 0, 0, 1000000000, 0, 0, NULL), EINVAL, "tv_nsec 1e9 fails EINVAL");
	CHECK_ERR(tset(a, 0, -1, 0, 0, 0, NULL), EINVAL, "negative tv_sec fails EINVAL");
	CHECK_ERR(syscall(SYS_timer_settime, a, 0, NULL, NULL), EINVAL, "NULL new value fails EINVAL");
	CHECK_ERR(syscall(SYS_timer_settime, a, 0, (void *)8, NULL), EFAULT, "bad new value pointer fails EFAULT");
	CHECK_ERR(tset(12345, 0, 1, 0, 0, 0, NULL), EINVAL, "settime on no such timer fails EINVAL");
	CHECK_ERR(syscall(SYS_timer_getoverrun, 12345), EINVAL, "getoverrun on no such timer fails EINVAL");
	CHECK(syscall(SYS_timer_delete, a) == 0 && syscall(SYS_timer_delete, b) == 0, "delete the rest");
	return 0;
}
