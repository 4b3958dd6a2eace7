/* tags: net fork signal */
/* SPDX-License-Identifier: MIT */
/*
 * AF_UNIX SOCK_STREAM socketpair: data both ways, shutdown, EPIPE/SIGPIPE and
 * MSG_NOSIGNAL, ECONNRESET, FIONREAD, non-blocking EAGAIN and poll readiness.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include "check.h"

static volatile sig_atomic_t pipes;

static void on_pipe(int sig)
{
	(void)sig;
	pipes++;
}

static short revents(int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };

	if (poll(&p, 1, 0) < 0)
		return -1;
	return p.revents;
}

int main(void)
{
	char buf[4096];
	int sv[2], n, e, st, i;
	long total;
	pid_t pid;

	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
	CHECK(fcntl(sv[0], F_GETFD) == 0 && (fcntl(sv[0], F_GETFL) & O_NONBLOCK) == 0,
	      "plain socketpair is blocking, not cloexec");
	CHECK(write(sv[0], "ping", 4) == 4, "write a->b");
	CHECK(read(sv[1], buf, sizeof(buf)) == 4 && memcmp(buf, "ping", 4) == 0, "read on b");
	CHECK(send(sv[1], "pong!", 5, 0) == 5, "send b->a");
	CHECK(recv(sv[0], buf, sizeof(buf), 0) == 5 && memcmp(buf, "pong!", 5) == 0,
	      "recv on a");

	/* A stream has no boundaries. */
	CHECK(write(sv[0], "abc", 3) == 3 && write(sv[0], "def", 3) == 3, "two writes");
	n = 0;
	CHECK(ioctl(sv[1], FIONREAD, &n) == 0 && n == 6, "FIONREAD counts both writes");
	CHECK(recv(sv[1], buf, 2, MSG_PEEK) == 2 && memcmp(buf, "ab", 2) == 0, "MSG_PEEK");
	CHECK(read(sv[1], buf, 4) == 4 && memcmp(buf, "abcd", 4) == 0, "read crosses writes");
	CHECK(ioctl(sv[1], FIONREAD, &n) == 0 && n == 2, "FIONREAD after partial read");
	CHECK(read(sv[1], buf, sizeof(buf)) == 2 && memcmp(buf, "ef", 2) == 0, "read the rest");
	CHECK(ioctl(sv[1], FIONREAD, &n) == 0 && n == 0, "FIONREAD empty");

	/* Non-blocking. */
	CHECK_ERR(recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT), EAGAIN, "MSG_DONTWAIT: EAGAIN");
	CHECK(fcntl(sv[1], F_SETFL, O_NONBLOCK) == 0, "set O_NONBLOCK");
	CHECK_ERR(read(sv[1], buf, sizeof(buf)), EAGAIN, "empty O_NONBLOCK read: EAGAIN");
	CHECK(revents(sv[0], POLLIN | POLLOUT) == POLLOUT, "idle socket: POLLOUT only");
	CHECK(fcntl(sv[0], F_SETFL, O_NONBLOCK) == 0, "writer O_NONBLOCK");
	memset(buf, 'x', sizeof(buf));
	total = 0;
	while ((n = write(sv[0], buf, sizeof(buf))) > 0)
		total += n;
	e = errno;
	CHECK(n == -1 && e == EAGAIN && total > 0, "filling the socket ends in EAGAIN");
	CHECK(revents(sv[0], POLLIN | POLLOUT) == 0, "full socket: not writable");
	CHECK(revents(sv[1], POLLIN | POLLOUT) == (POLLIN | POLLOUT), "peer: readable");
	n = 0;
	CHECK(ioctl(sv[1], FIONREAD, &n) == 0 && n > 0, "FIONREAD on full socket");
	while ((n = read(sv[1], buf, sizeof(buf))) > 0)
		total -= n;
	CHECK(total == 0, "everything written is read back");
	CHECK(revents(sv[0], POLLOUT) == POLLOUT, "drained: writable again");
	CHECK(fcntl(sv[0], F_SETFL, 0) == 0 && fcntl(sv[1], F_SETFL, 0) == 0, "back to blocking");

	/* shutdown(SHUT_WR) gives EOF to the peer; the other direction still works. */
	CHECK(write(sv[0], "last", 4) == 4, "write before shutdown");
	CHECK(shutdown(sv[0], SHUT_WR) == 0, "shutdown(a, SHUT_WR)");
	CHECK(revents(sv[1], POLLIN | POLLRDHUP) == (POLLIN | POLLRDHUP),
	      "peer: POLLIN | POLLRDHUP");
	CHECK(read(sv[1], buf, sizeof(buf)) == 4 && memcmp(buf, "last", 4) == 0,
	      "data before the shutdown is delivered");
	CHECK(read(sv[1], buf, sizeof(buf)) == 0, "then EOF");
	CHECK(read(sv[1], buf, sizeof(buf)) == 0, "EOF again");
	CHECK(revents(sv[1], POLLIN | POLLOUT) == (POLLIN | POLLOUT),
	      "half-closed peer: readable (EOF) and writable");
	CHECK(write(sv[1], "back", 4) == 4, "peer can still write");
	CHECK(read(sv[0], buf, sizeof(buf)) == 4 && memcmp(buf, "back", 4) == 0,
	      "shut-down side can still read");
	CHECK_ERR(send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE, "send after SHUT_WR: EPIPE");
	CHECK_ERR(shutdown(sv[0], 7), EINVAL, "shutdown bad how: EINVAL");
	CHECK_ERR(shutdown(99, SHUT_RD), EBADF, "shutdown bad fd: EBADF");
	close(sv[0]);
	close(sv[1]);

	/* Writing to a closed peer: SIGPIPE and EPIPE. */
	CHECK(signal(SIGPIPE, on_pipe) != SIG_ERR, "SIGPIPE handler");
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
	CHECK(close(sv[1]) == 0, "close b");
	CHECK(revents(sv[0], POLLIN | POLLOUT) == (POLLIN | POLLOUT | POLLHUP),
	      "peer closed: POLLIN | POLLOUT | POLLHUP");
	CHECK(read(sv[0], buf, sizeof(buf)) == 0, "read: EOF");
	CHECK_ERR(write(sv[0], "x", 1), EPIPE, "write: EPIPE");
	CHECK(pipes == 1, "SIGPIPE delivered once");
	CHECK_ERR(send(sv[0], "x", 1, 0), EPIPE, "send: EPIPE");
	CHECK(pipes == 2, "SIGPIPE again");
	CHECK_ERR(send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE, "send MSG_NOSIGNAL: EPIPE");
	CHECK(pipes == 2, "MSG_NOSIGNAL: no signal");
	CHECK(signal(SIGPIPE, SIG_IGN) != SIG_ERR, "ignore SIGPIPE");
	CHECK_ERR(write(sv[0], "x", 1), EPIPE, "ignored SIGPIPE: write still fails EPIPE");
	CHECK(pipes == 2, "ignored SIGPIPE: handler not run");
	close(sv[0]);

	/* A child killed by SIGPIPE (default action). */
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
	close(sv[1]);
	pid = fork();
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		(void)!write(sv[0], "x", 1);
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE,
	      "child writing to a closed peer dies of SIGPIPE");
	close(sv[0]);

	/* shutdown(SHUT_RD) on the peer makes writes fail EPIPE. */
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
	CHECK(shutdown(sv[1], SHUT_RD) == 0, "shutdown(b, SHUT_RD)");
	CHECK_ERR(write(sv[0], "x", 1), EPIPE, "write to a reader that shut down: EPIPE");
	CHECK(read(sv[1], buf, sizeof(buf)) == 0, "SHUT_RD side reads EOF");
	close(sv[0]);
	close(sv[1]);

	/* Closing with unread data resets the peer. */
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
	CHECK(write(sv[0], "unread", 6) == 6, "leave data unread in b");
	close(sv[1]);
	CHECK(revents(sv[0], POLLIN) & POLLERR, "POLLERR after reset");
	CHECK_ERR(read(sv[0], buf, sizeof(buf)), ECONNRESET, "read: ECONNRESET");
	CHECK(read(sv[0], buf, sizeof(buf)) == 0, "then EOF");
	close(sv[0]);

	/* A blocking transfer larger than the socket buffer, through a child. */
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
	pid = fork();
	if (pid == 0) {
		close(sv[0]);
		for (i = 0; i < (int)sizeof(buf); i++)
			buf[i] = i % 251;
		for (i = 0; i < 64; i++)
			if (write(sv[1], buf, sizeof(buf)) != sizeof(buf))
				_exit(1);
		if (read(sv[1], buf, 2) != 2 || memcmp(buf, "ok", 2) != 0)
			_exit(2);
		_exit(0);
	}
	close(sv[1]);
	{
		long got = 0, bad = 0;

		while (got < 64L * (long)sizeof(buf) && (n = read(sv[0], buf, 1000)) > 0) {
			for (i = 0; i < n; i++)
				if ((unsigned char)buf[i] != (got + i) % (long)sizeof(buf) % 251)
					bad++;
			got += n;
		}
		CHECK(got == 64L * (long)sizeof(buf) && bad == 0, "256 KiB arrive intact");
	}
	CHECK(write(sv[0], "ok", 2) == 2, "reply to the child");
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "child exited 0");
	CHECK(read(sv[0], buf, sizeof(buf)) == 0, "EOF once the child exits");
	close(sv[0]);
	return 0;
}
