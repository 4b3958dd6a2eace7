/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * wait4() with a struct rusage: the child's CPU time and max RSS are reported
 * and accumulate into getrusage(RUSAGE_CHILDREN); option validation.
 */
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include "check.h"

/* fork or give up: a failed fork must never turn into kill(-1, ...) */
static pid_t xfork(void)
{
	pid_t pid = fork();

	if (pid < 0) {
		perror("fork");
		exit(2);
	}
	return pid;
}

static long tv_us(struct timeval tv)
{
	return tv.tv_sec * 1000000L + tv.tv_usec;
}

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double wall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* burn about 'sec' of CPU (bounded by wall time) */
static void burn(double sec)
{
	double c0 = cpu_now(), w0 = wall_now();
	volatile unsigned long x = 0;

	while (cpu_now() - c0 < sec && wall_now() - w0 < 1.0)
		for (int i = 0; i < 10000; i++)
			x += i;
}

int main(void)
{
	struct rusage ru, ch0, ch1;
	int status;
	pid_t pid;

	CHECK(getrusage(RUSAGE_CHILDREN, &ch0) == 0, "getrusage(RUSAGE_CHILDREN)");
	CHECK(tv_us(ch0.ru_utime) == 0 && tv_us(ch0.ru_stime) == 0,
	      "no child time before any child is reaped");

	pid = xfork();
	if (pid == 0) {
		char *volatile p = malloc(8 << 20);

		memset(p, 1, 8 << 20);
		burn(0.05);
		_exit(p[100] == 1 ? 0 : 1);
	}
	memset(&ru, 0, sizeof(ru));
	CHECK(wait4(pid, &status, 0, &ru) == pid, "wait4 returns child pid");
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child exited 0");
	CHECK(tv_us(ru.ru_utime) + tv_us(ru.ru_stime) >= 10000,
	      "child used at least 10 ms of CPU");
	CHECK(ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000 &&
		      ru.ru_stime.tv_usec >= 0 && ru.ru_stime.tv_usec < 1000000,
	      "tv_usec fields normalized");
	CHECK(ru.ru_maxrss >= 4096, "child touched 8 MiB: max RSS >= 4 MiB (in KiB)");

	CHECK(getrusage(RUSAGE_CHILDREN, &ch1) == 0, "getrusage(RUSAGE_CHILDREN) again");
	CHECK(tv_us(ch1.ru_utime) + tv_us(ch1.ru_stime) >=
		      tv_us(ru.ru_utime) + tv_us(ru.ru_stime),
	      "reaped child's time accumulated into RUSAGE_CHILDREN");
	CHECK(ch1.ru_maxrss >= ru.ru_maxrss, "RUSAGE_CHILDREN maxrss covers the child");

	/* killed child: wait4 with rusage, NULL status */
	pid = xfork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	kill(pid, SIGKILL);
	CHECK(wait4(pid, NULL, 0, &ru) == pid, "wait4 with NULL status on killed child");

	/* WNOHANG with a running child leaves rusage alone and returns 0 */
	pid = xfork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	CHECK(wait4(pid, &status, WNOHANG, &ru) == 0, "wait4 WNOHANG on running child -> 0");
	kill(pid, SIGTERM);
	CHECK(wait4(-1, &status, 0, NULL) == pid && WIFSIGNALED(status) &&
		      WTERMSIG(status) == SIGTERM,
	      "wait4(-1) with NULL rusage");

	/* errors */
	CHECK_ERR(wait4(-1, &status, 0, &ru), ECHILD, "no children -> ECHILD");
	CHECK_ERR(wait4(-1, &status, WEXITED, &ru), EINVAL, "WEXITED is not a wait4 option");
	CHECK_ERR(wait4(-1, &status, WNOWAIT, &ru), EINVAL, "WNOWAIT is not a wait4 option");
	CHECK_ERR(wait4(-1, &status, 0x10000, &ru), EINVAL, "unknown option -> EINVAL");
	return 0;
}
