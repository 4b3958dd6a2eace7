/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * SIGPIPE on a connected AF_UNIX stream socket whose peer is closed: write and
 * send raise SIGPIPE and fail with EPIPE; MSG_NOSIGNAL suppresses the signal.
 */
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include "check.h"

static volatile int hits;

static void handler(int sig)
{
	(void)sig;
	hits++;
}

int main(void)
{
	int sv[2], r, e, st;
	pid_t pid;

	signal(SIGPIPE, handler);
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
	close(sv[1]);

	CHECK_ERR(send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE, "send MSG_NOSIGNAL -> EPIPE");
	CHECK(hits == 0, "no SIGPIPE with MSG_NOSIGNAL");
	r = send(sv[0], "x", 1, 0);
	e = errno;
	CHECK(r == -1 && e == EPIPE && hits == 1, "send -> EPIPE + SIGPIPE");
	r = write(sv[0], "x", 1);
	e = errno;
	CHECK(r == -1 && e == EPIPE && hits == 2, "write -> EPIPE + SIGPIPE");
	close(sv[0]);

	/* default action, in a child */
	pid = fork();
	if (pid == 0) {
		int s[2];

		signal(SIGPIPE, SIG_DFL);
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, s))
			_exit(2);
		close(s[1]);
		if (write(s[0], "x", 1) < 0)
			_exit(1);
		_exit(0);
	}
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) &&
		      WTERMSIG(st) == SIGPIPE,
	      "default SIGPIPE kills the socket writer");
	signal(SIGPIPE, SIG_DFL);
	return 0;
}
