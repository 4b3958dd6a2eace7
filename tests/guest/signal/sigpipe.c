/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * SIGPIPE on pipes: writing with no reader kills by default, returns EPIPE
 * when ignored, caught or blocked (then the signal stays pending).
 * (Sockets are in sigpipe_socket.c.)
 */
#include <signal.h>
#include <sys/wait.h>
#include "check.h"

static volatile int hits, h_code, h_pid;

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	hits++;
	h_code = si->si_code;
	h_pid = si->si_pid;
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

/* a pipe whose read end is already closed */
static int broken_pipe(void)
{
	int p[2];

	if (pipe(p))
		return -1;
	close(p[0]);
	return p[1];
}

int main(void)
{
	struct sigaction sa;
	sigset_t set, pend;
	int fd, r, e, st;
	pid_t pid;

	/* default action, in a child */
	pid = xfork();
	if (pid == 0) {
		int w = broken_pipe();

		if (write(w, "x", 1) < 0)
			_exit(1);
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE,
	      "default SIGPIPE kills the writer");

	/* ignored */
	signal(SIGPIPE, SIG_IGN);
	fd = broken_pipe();
	CHECK_ERR(write(fd, "x", 1), EPIPE, "SIG_IGN: write -> EPIPE");
	close(fd);

	/* caught */
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGPIPE, &sa, NULL);
	fd = broken_pipe();
	r = write(fd, "x", 1);
	e = errno;
	CHECK(r == -1 && e == EPIPE, "handler installed: write -> EPIPE");
	CHECK(hits == 1, "handler ran once");
	CHECK(h_code == SI_USER && h_pid == getpid(), "si_code SI_USER, si_pid is the writer");

	/* blocked: EPIPE, and the signal waits */
	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	sigprocmask(SIG_BLOCK, &set, NULL);
	hits = 0;
	CHECK_ERR(write(fd, "x", 1), EPIPE, "blocked: write -> EPIPE");
	sigpending(&pend);
	CHECK(sigismember(&pend, SIGPIPE) && hits == 0, "SIGPIPE pending while blocked");
	{
		struct timespec ts = { 0, 0 };

		CHECK(sigtimedwait(&set, NULL, &ts) == SIGPIPE, "sigtimedwait collects it");
	}
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	CHECK(hits == 0, "nothing left to deliver");
	close(fd);

	/* a reader that goes away after some data was written */
	{
		int p[2];

		CHECK(pipe(p) == 0, "pipe");
		CHECK(write(p[1], "abc", 3) == 3, "write with a reader");
		close(p[0]);
		hits = 0;
		CHECK_ERR(write(p[1], "d", 1), EPIPE, "reader closed: EPIPE");
		CHECK(hits == 1, "SIGPIPE once");
		close(p[1]);
	}
	signal(SIGPIPE, SIG_DFL);
	return 0;
}
