/* tags: slow */
/* SPDX-License-Identifier: MIT */
/*
 * alarm() and pause(): alarm(1) then pause() returns EINTR after the SIGALRM
 * handler ran; alarm's return value is the remaining time; alarms are not
 * inherited by fork; pause ignores ignored signals.
 */
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include "check.h"

static volatile int alarms, usr1;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static void on_usr1(int sig)
{
	(void)sig;
	usr1++;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	struct sigaction sa;
	double t0, t1;
	pid_t pid, dflt;
	int r, e, st;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);

	/* return values */
	CHECK(alarm(0) == 0, "no alarm pending initially");
	CHECK(alarm(5) == 0, "alarm(5) returns 0");
	CHECK(alarm(3) == 5, "alarm(3) returns remaining 5 (rounded)");
	pid = fork();
	if (pid == 0)
		_exit(alarm(0) == 0 ? 0 : 1);
	CHECK(waitpid(pid, &st, 0) == pid && st == 0, "fork child has no pending alarm");
	CHECK(alarm(0) == 3, "alarm(0) cancels, returns remaining 3");

	/* a child with the default SIGALRM action is terminated (checked at the end) */
	dflt = fork();
	if (dflt == 0) {
		signal(SIGALRM, SIG_DFL);
		alarm(1);
		for (;;)
			pause();
	}

	/* alarm(1) + pause */
	alarm(1);
	t0 = now();
	r = pause();
	e = errno;
	t1 = now();
	CHECK(r == -1 && e == EINTR, "pause returns -1/EINTR");
	CHECK(alarms == 1, "SIGALRM handler ran");
	CHECK(t1 - t0 >= 0.9 && t1 - t0 < 5, "about one second elapsed");
	CHECK(alarm(0) == 0, "alarm consumed");

	/* pause woken by a signal from another process; ignored signals do not wake it */
	signal(SIGWINCH, SIG_IGN);
	pid = fork();
	if (pid == 0) {
		struct timespec ts = { 0, 20 * 1000 * 1000 };

		nanosleep(&ts, NULL);
		kill(getppid(), SIGWINCH);
		nanosleep(&ts, NULL);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	r = pause();
	e = errno;
	CHECK(r == -1 && e == EINTR && usr1 == 1,
	      "pause woken by SIGUSR1, not by ignored SIGWINCH");
	waitpid(pid, NULL, 0);

	CHECK(waitpid(dflt, &st, 0) == dflt && WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM,
	      "default SIGALRM terminated the child");
	return 0;
}
