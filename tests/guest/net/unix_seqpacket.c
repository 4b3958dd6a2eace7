/* tags: net fork */
/* SPDX-License-Identifier: MIT */
/*
 * AF_UNIX SOCK_SEQPACKET: record boundaries on a socketpair and on a listening
 * socket, MSG_TRUNC on short reads, FIONREAD, EOF, EPIPE and the not-connected errors.
 */
#include <poll.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include "check.h"

static socklen_t mkaddr(struct sockaddr_un *sa, const char *path)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	strcpy(sa->sun_path, path);
	return offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
}

static int recv_flags(int fd, char *buf, size_t len, int flags, int *msg_flags)
{
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	int n = recvmsg(fd, &mh, flags);

	*msg_flags = mh.msg_flags;
	return n;
}

int main(void)
{
	struct sockaddr_un sa;
	socklen_t len;
	char buf[64];
	int sv[2], n, mf, ls, s, c, type, st;
	pid_t pid;

	CHECK(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) == 0, "SOCK_SEQPACKET socketpair");
	len = sizeof(type);
	CHECK(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &type, &len) == 0 &&
		      type == SOCK_SEQPACKET,
	      "SO_TYPE is SOCK_SEQPACKET");
	CHECK(write(sv[0], "alpha", 5) == 5 && write(sv[0], "be", 2) == 2 &&
		      send(sv[0], "gamma!", 6, 0) == 6 && write(sv[0], "delta", 5) == 5,
	      "four records");
	n = -1;
	CHECK(ioctl(sv[1], FIONREAD, &n) == 0 && n == 18, "FIONREAD counts all queued bytes");
	CHECK(read(sv[1], buf, sizeof(buf)) == 5 && memcmp(buf, "alpha", 5) == 0,
	      "one record per read");
	CHECK(recv_flags(sv[1], buf, sizeof(buf), 0, &mf) == 2 && memcmp(buf, "be", 2) == 0 &&
		      mf == 0,
	      "a whole record: no MSG_TRUNC (and no MSG_EOR)");
	CHECK(recv_flags(sv[1], buf, 3, MSG_PEEK, &mf) == 3 && (mf & MSG_TRUNC),
	      "short MSG_PEEK: MSG_TRUNC");
	CHECK(recv_flags(sv[1], buf, 3, 0, &mf) == 3 && memcmp(buf, "gam", 3) == 0 &&
		      (mf & MSG_TRUNC),
	      "short read returns the head and sets MSG_TRUNC");
	CHECK(recv(sv[1], buf, 2, MSG_TRUNC) == 5 && memcmp(buf, "de", 2) == 0,
	      "rest of the record was dropped; MSG_TRUNC returns the real length");
	n = -1;
	CHECK(ioctl(sv[1], FIONREAD, &n) == 0 && n == 0, "queue empty");
	CHECK_ERR(recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT), EAGAIN, "empty: EAGAIN");
	CHECK(write(sv[1], "reply", 5) == 5 && read(sv[0], buf, sizeof(buf)) == 5,
	      "the other direction");

	/* Closing and shutting down. */
	CHECK(shutdown(sv[0], SHUT_WR) == 0, "shutdown(SHUT_WR)");
	CHECK(read(sv[1], buf, sizeof(buf)) == 0, "peer reads EOF");
	CHECK_ERR(send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE, "send after SHUT_WR: EPIPE");
	close(sv[1]);
	{
		struct pollfd p = { .fd = sv[0], .events = POLLIN };

		CHECK(poll(&p, 1, 0) == 1 && (p.revents & (POLLIN | POLLHUP)) == (POLLIN | POLLHUP),
		      "peer closed: POLLIN | POLLHUP");
	}
	CHECK(read(sv[0], buf, sizeof(buf)) == 0, "EOF after the peer closes");
	close(sv[0]);

	/* Unconnected. */
	c = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	CHECK(c >= 0, "socket SOCK_SEQPACKET");
	CHECK_ERR(send(c, "x", 1, MSG_NOSIGNAL), ENOTCONN, "send unconnected: ENOTCONN");
	CHECK_ERR(recv(c, buf, sizeof(buf), MSG_DONTWAIT), ENOTCONN, "recv unconnected: ENOTCONN");
	close(c);

	/* Listen and accept, talking with a child. */
	ls = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	len = mkaddr(&sa, "seq");
	CHECK(bind(ls, (struct sockaddr *)&sa, len) == 0 && listen(ls, 2) == 0,
	      "bind ./seq and listen");
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_ERR(connect(c, (struct sockaddr *)&sa, len), EPROTOTYPE,
		  "stream connect to a seqpacket listener: EPROTOTYPE");
	close(c);
	pid = fork();
	if (pid == 0) {
		int bad = 0;

		c = socket(AF_UNIX, SOCK_SEQPACKET, 0);
		if (connect(c, (struct sockaddr *)&sa, len) != 0)
			_exit(100);
		if (write(c, "rec-1", 5) != 5 || write(c, "rec-22", 6) != 6 ||
		    write(c, "rec-333", 7) != 7)
			bad |= 1;
		if (read(c, buf, sizeof(buf)) != 3 || memcmp(buf, "ack", 3) != 0)
			bad |= 2;
		_exit(bad);
	}
	s = accept(ls, NULL, NULL);
	CHECK(s >= 0, "accept");
	len = sizeof(type);
	CHECK(getsockopt(s, SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_SEQPACKET,
	      "accepted socket is SOCK_SEQPACKET");
	CHECK(read(s, buf, sizeof(buf)) == 5 && memcmp(buf, "rec-1", 5) == 0, "record 1");
	CHECK(read(s, buf, sizeof(buf)) == 6 && memcmp(buf, "rec-22", 6) == 0, "record 2");
	CHECK(recv_flags(s, buf, 4, 0, &mf) == 4 && (mf & MSG_TRUNC) &&
		      memcmp(buf, "rec-", 4) == 0,
	      "record 3 truncated");
	CHECK(write(s, "ack", 3) == 3, "ack the child");
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "child exited 0");
	CHECK(read(s, buf, sizeof(buf)) == 0, "EOF after the child exits");
	CHECK_ERR(send(s, "x", 1, MSG_NOSIGNAL), EPIPE, "send to the exited child: EPIPE");
	close(s);
	close(ls);
	unlink("seq");
	return 0;
}
