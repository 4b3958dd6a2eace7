/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * Interrupted system calls: blocking read/wait4 fail with EINTR without
 * SA_RESTART and are transparently restarted with it; poll, select and
 * nanosleep return EINTR regardless of SA_RESTART.
 */
#include <poll.h>
#include <signal.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <time.h>
#include "check.h"

static volatile int hits;

static void handler(int sig)
{
	(void)sig;
	hits++;
}

static void install(int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sa.sa_flags = flags;
	sigaction(SIGUSR1, &sa, NULL);
}

static void msleep(int ms)
{
	struct timespec ts = { 0, ms * 1000L * 1000L };

	nanosleep(&ts, NULL);
}

static pid_t xfork(void)
{
	pid_t pid = fork();

	if (pid < 0) {
		perror("fork");
		exit(2);
	}
	return pid;
}

/*
 * A child that sends SIGUSR1 to us every 10 ms, 'count' times (0: until
 * killed), then writes one byte to wfd (if >= 0) and exits with 'code'.
 */
static pid_t pinger(int count, int wfd, int code)
{
	pid_t pid = xfork();

	if (pid == 0) {
		pid_t parent = getppid();
		int i;

		for (i = 0; count == 0 || i < count; i++) {
			msleep(10);
			kill(parent, SIGUSR1);
		}
		msleep(10);
		if (wfd >= 0 && write(wfd, "x", 1) != 1)
			_exit(1);
		_exit(code);
	}
	return pid;
}

static void stop(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

int main(void)
{
	int p[2], r, e, st;
	char c;
	pid_t pid;

	CHECK(pipe(p) == 0, "pipe");

	/* read without SA_RESTART */
	install(0);
	pid = pinger(0, -1, 0);
	hits = 0;
	r = read(p[0], &c, 1);
	e = errno;
	stop(pid);
	CHECK(r == -1 && e == EINTR, "read without SA_RESTART -> EINTR");
	CHECK(hits >= 1, "handler ran");

	/* read with SA_RESTART: restarted until the data arrives */
	install(SA_RESTART);
	pid = pinger(3, p[1], 0);
	hits = 0;
	c = 0;
	r = read(p[0], &c, 1);
	CHECK(r == 1 && c == 'x', "read with SA_RESTART restarted and got the data");
	CHECK(hits == 3, "handler ran for all three signals");
	waitpid(pid, NULL, 0);

	/* wait4 */
	install(SA_RESTART);
	pid = pinger(3, -1, 9);
	hits = 0;
	r = waitpid(pid, &st, 0);
	CHECK(r == pid && WIFEXITED(st) && WEXITSTATUS(st) == 9,
	      "waitpid with SA_RESTART restarted, reaped the child");
	CHECK(hits == 3, "handler ran three times meanwhile");
	install(0);
	pid = pinger(3, -1, 9);
	r = waitpid(pid, &st, 0);
	e = errno;
	CHECK(r == -1 && e == EINTR, "waitpid without SA_RESTART -> EINTR");
	waitpid(pid, NULL, 0);

	/* never restarted: poll, select, nanosleep */
	install(SA_RESTART);
	pid = pinger(0, -1, 0);
	{
		struct pollfd pfd = { .fd = p[0], .events = POLLIN };

		r = poll(&pfd, 1, 5000);
		e = errno;
		CHECK(r == -1 && e == EINTR, "poll with SA_RESTART -> EINTR");
	}
	{
		fd_set rfds;
		struct timeval tv = { 5, 0 };

		FD_ZERO(&rfds);
		FD_SET(p[0], &rfds);
		r = select(p[0] + 1, &rfds, NULL, NULL, &tv);
		e = errno;
		CHECK(r == -1 && e == EINTR, "select with SA_RESTART -> EINTR");
	}
	{
		struct timespec req = { 5, 0 }, rem = { 0, 0 };

		r = nanosleep(&req, &rem);
		e = errno;
		CHECK(r == -1 && e == EINTR, "nanosleep with SA_RESTART -> EINTR");
		CHECK(rem.tv_sec > 0 && rem.tv_sec <= 5 && rem.tv_nsec >= 0 &&
			      rem.tv_nsec < 1000000000,
		      "nanosleep reports the remaining time");
	}
	{
		sigset_t none;

		sigemptyset(&none);
		r = sigsuspend(&none);
		e = errno;
		CHECK(r == -1 && e == EINTR, "sigsuspend with SA_RESTART -> EINTR");
	}
	stop(pid);

	/* a signal that is ignored does not interrupt */
	signal(SIGUSR1, SIG_IGN);
	pid = pinger(3, p[1], 0);
	c = 0;
	r = read(p[0], &c, 1);
	CHECK(r == 1 && c == 'x', "ignored signals do not interrupt read");
	waitpid(pid, NULL, 0);
	return 0;
}
