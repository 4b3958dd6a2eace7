/* tags: fork signal */
/* SPDX-License-Identifier: MIT */
/*
 * Writing to a pipe with no readers: SIGPIPE kills by default, a handler runs
 * once per write and write fails EPIPE, SIG_IGN and a blocked SIGPIPE give EPIPE.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static volatile sig_atomic_t hits;

static void on_pipe(int sig)
{
	if (sig == SIGPIPE)
		hits++;
}

int main(void)
{
	struct sigaction sa;
	sigset_t set, pend;
	int p[2], st, sig;
	pid_t pid;

	/* Default action: the writer dies of SIGPIPE. */
	CHECK(pipe(p) == 0, "pipe");
	close(p[0]);
	pid = fork();
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		if (write(p[1], "x", 1) < 0)
			_exit(3);
		_exit(4);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE,
	      "default SIGPIPE kills the writer");
	close(p[1]);

	/* Handler: runs once, and write fails with EPIPE. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_pipe;
	sigemptyset(&sa.sa_mask);
	CHECK(sigaction(SIGPIPE, &sa, NULL) == 0, "install SIGPIPE handler");
	CHECK(pipe(p) == 0, "pipe");
	CHECK(write(p[1], "a", 1) == 1, "write with a reader works");
	close(p[0]);
	CHECK_ERR(write(p[1], "b", 1), EPIPE, "write without readers fails EPIPE");
	CHECK(hits == 1, "handler ran once");
	CHECK_ERR(write(p[1], "c", 1), EPIPE, "second write fails EPIPE");
	CHECK(hits == 2, "handler ran again");
	CHECK(write(p[1], "", 0) == 0, "zero-length write returns 0");
	CHECK(hits == 2, "and raises no SIGPIPE");

	/* SIG_IGN. */
	signal(SIGPIPE, SIG_IGN);
	CHECK_ERR(write(p[1], "d", 1), EPIPE, "ignored SIGPIPE: write fails EPIPE");
	CHECK(hits == 2, "handler not run while ignored");
	close(p[1]);

	/* Blocked SIGPIPE stays pending. */
	signal(SIGPIPE, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0, "block SIGPIPE");
	CHECK(pipe(p) == 0, "pipe");
	close(p[0]);
	CHECK_ERR(write(p[1], "e", 1), EPIPE, "blocked SIGPIPE: write fails EPIPE");
	CHECK(sigpending(&pend) == 0 && sigismember(&pend, SIGPIPE), "SIGPIPE is pending");
	CHECK(sigwait(&set, &sig) == 0 && sig == SIGPIPE, "sigwait collects it");
	CHECK(sigpending(&pend) == 0 && !sigismember(&pend, SIGPIPE), "no longer pending");
	close(p[1]);

	/* Reader closing while writer is blocked: the write is interrupted with EPIPE. */
	CHECK(pipe(p) == 0, "pipe");
	pid = fork();
	if (pid == 0) {
		char c;

		close(p[1]);
		/* Read one byte, then exit so the parent's blocked write fails. */
		_exit(read(p[0], &c, 1) == 1 ? 0 : 1);
	}
	close(p[0]);
	{
		static char big[200000];
		ssize_t n = write(p[1], big, sizeof(big));

		CHECK(n > 0 && n < (ssize_t)sizeof(big), "blocked write returns a short count");
	}
	CHECK_ERR(write(p[1], "f", 1), EPIPE, "next write fails EPIPE");
	CHECK(sigpending(&pend) == 0 && sigismember(&pend, SIGPIPE), "SIGPIPE pending again");
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "reader child exited 0");
	close(p[1]);

	/* O_NONBLOCK makes no difference. */
	CHECK(pipe2(p, O_NONBLOCK) == 0, "non-blocking pipe");
	close(p[0]);
	CHECK_ERR(write(p[1], "g", 1), EPIPE, "non-blocking write without readers fails EPIPE");
	close(p[1]);
	return 0;
}
