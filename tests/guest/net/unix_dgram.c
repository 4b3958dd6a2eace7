/* tags: net */
/* SPDX-License-Identifier: MIT */
/*
 * AF_UNIX SOCK_DGRAM: sendto/recvfrom with addresses, message boundaries,
 * connect then send, MSG_PEEK, MSG_TRUNC, FIONREAD, errors, and a DGRAM socketpair.
 */
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "check.h"

static socklen_t mkaddr(struct sockaddr_un *sa, const char *path)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	strcpy(sa->sun_path, path);
	return offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
}

static int bound(const char *path, int type)
{
	struct sockaddr_un sa;
	socklen_t len = mkaddr(&sa, path);
	int fd = socket(AF_UNIX, type, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, len) != 0)
		return -1;
	return fd;
}

int main(void)
{
	struct sockaddr_un a1, a2, a3, from;
	socklen_t l1, l2, l3, flen;
	struct msghdr mh;
	struct iovec iov;
	char buf[64], *big;
	int d1, d2, d3, u, sv[2], n;

	d1 = bound("d1", SOCK_DGRAM);
	d2 = bound("d2", SOCK_DGRAM);
	CHECK(d1 >= 0 && d2 >= 0, "two datagram sockets bound to ./d1 and ./d2");
	l1 = mkaddr(&a1, "d1");
	l2 = mkaddr(&a2, "d2");

	/* Addresses and boundaries. */
	CHECK(sendto(d1, "one", 3, 0, (struct sockaddr *)&a2, l2) == 3, "sendto d2: one");
	CHECK(sendto(d1, "two!", 4, 0, (struct sockaddr *)&a2, l2) == 4, "sendto d2: two!");
	CHECK(sendto(d1, "", 0, 0, (struct sockaddr *)&a2, l2) == 0, "sendto d2: empty datagram");
	CHECK(sendto(d1, "three", 5, 0, (struct sockaddr *)&a2, l2) == 5, "sendto d2: three");
	n = -1;
	CHECK(ioctl(d2, FIONREAD, &n) == 0 && n == 3, "FIONREAD is the first datagram's size");
	flen = sizeof(from);
	memset(&from, 0, sizeof(from));
	CHECK(recvfrom(d2, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen) == 3 &&
		      memcmp(buf, "one", 3) == 0,
	      "first datagram alone");
	CHECK(flen == l1 && strcmp(from.sun_path, "d1") == 0, "recvfrom reports the sender d1");
	CHECK(recv(d2, buf, sizeof(buf), MSG_PEEK) == 4 && memcmp(buf, "two!", 4) == 0,
	      "MSG_PEEK sees the second");
	CHECK(recv(d2, buf, 2, MSG_PEEK | MSG_TRUNC) == 4, "MSG_PEEK | MSG_TRUNC: real length");
	CHECK(recv(d2, buf, sizeof(buf), 0) == 4 && memcmp(buf, "two!", 4) == 0,
	      "peeked datagram is still there");
	CHECK(recv(d2, buf, sizeof(buf), MSG_DONTWAIT) == 0, "empty datagram reads as 0");
	memset(&mh, 0, sizeof(mh));
	iov.iov_base = buf;
	iov.iov_len = 2;
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	CHECK(recvmsg(d2, &mh, 0) == 2 && memcmp(buf, "th", 2) == 0,
	      "short read returns part of a datagram");
	CHECK(mh.msg_flags & MSG_TRUNC, "recvmsg sets MSG_TRUNC");
	CHECK_ERR(recv(d2, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN,
		  "rest of a truncated datagram is discarded");
	CHECK(sendto(d1, "abcdef", 6, 0, (struct sockaddr *)&a2, l2) == 6, "send abcdef");
	CHECK(recv(d2, buf, 3, MSG_TRUNC) == 6 && memcmp(buf, "abc", 3) == 0,
	      "MSG_TRUNC returns the full length, copies what fits");

	/* An unbound sender has no address. */
	u = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK(sendto(u, "anon", 4, 0, (struct sockaddr *)&a2, l2) == 4, "unbound sendto");
	flen = sizeof(from);
	CHECK(recvfrom(d2, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen) == 4 &&
		      flen == 0,
	      "recvfrom an unbound sender: address length 0");
	CHECK_ERR(send(u, "x", 1, 0), ENOTCONN, "send unconnected without address: ENOTCONN");
	l3 = mkaddr(&a3, "nobody");
	CHECK_ERR(sendto(u, "x", 1, 0, (struct sockaddr *)&a3, l3), ENOENT,
		  "sendto a missing path: ENOENT");
	d3 = bound("st", SOCK_STREAM);
	l3 = mkaddr(&a3, "st");
	CHECK_ERR(sendto(u, "x", 1, 0, (struct sockaddr *)&a3, l3), EPROTOTYPE,
		  "sendto a stream socket's path: EPROTOTYPE");
	close(d3);
	big = calloc(1, 1 << 20);
	CHECK_ERR(sendto(u, big, 1 << 20, 0, (struct sockaddr *)&a2, l2), EMSGSIZE,
		  "1 MiB datagram: EMSGSIZE");
	free(big);
	CHECK_ERR(recv(u, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN, "nothing queued: EAGAIN");

	/* connect() sets the default destination and filters senders. */
	CHECK(connect(d1, (struct sockaddr *)&a2, l2) == 0, "connect d1 to d2");
	CHECK(send(d1, "conn", 4, 0) == 4 && write(d1, "w", 1) == 1, "send and write");
	flen = sizeof(from);
	CHECK(recvfrom(d2, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen) == 4 &&
		      memcmp(buf, "conn", 4) == 0 && flen == l1,
	      "d2 receives from d1");
	CHECK(read(d2, buf, sizeof(buf)) == 1 && buf[0] == 'w', "read works on datagrams");
	flen = sizeof(from);
	CHECK(getpeername(d1, (struct sockaddr *)&from, &flen) == 0 && flen == l2 &&
		      strcmp(from.sun_path, "d2") == 0,
	      "getpeername of a connected datagram socket");
	CHECK_ERR(sendto(u, "x", 1, 0, (struct sockaddr *)&a1, l1), EPERM,
		  "a third socket cannot send to a connected one: EPERM");
	CHECK(sendto(d2, "back", 4, 0, (struct sockaddr *)&a1, l1) == 4,
	      "its peer can send to it");
	CHECK(recv(d1, buf, sizeof(buf), 0) == 4 && memcmp(buf, "back", 4) == 0, "d1 receives");
	a3.sun_family = AF_UNSPEC;
	CHECK(connect(d1, (struct sockaddr *)&a3, sizeof(sa_family_t)) == 0,
	      "connect AF_UNSPEC dissolves the association");
	CHECK_ERR(send(d1, "x", 1, 0), ENOTCONN, "disconnected: ENOTCONN");
	CHECK(sendto(u, "free", 4, 0, (struct sockaddr *)&a1, l1) == 4,
	      "others can send to it again");
	CHECK(recv(d1, buf, sizeof(buf), 0) == 4, "d1 receives from the third socket");

	/* The peer disappears. */
	CHECK(connect(u, (struct sockaddr *)&a2, l2) == 0, "connect u to d2");
	close(d2);
	CHECK_ERR(send(u, "x", 1, 0), ECONNREFUSED, "peer closed: ECONNREFUSED");
	CHECK_ERR(send(u, "x", 1, 0), ENOTCONN, "then not connected: ENOTCONN");
	close(u);
	close(d1);
	unlink("d1");
	unlink("d2");
	unlink("st");

	/* Datagram socketpair. */
	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0, "SOCK_DGRAM socketpair");
	CHECK(write(sv[0], "ab", 2) == 2 && write(sv[0], "cde", 3) == 3 &&
		      write(sv[1], "xyz", 3) == 3,
	      "writes both ways");
	{
		struct pollfd p = { .fd = sv[1], .events = POLLIN | POLLOUT };

		CHECK(poll(&p, 1, 0) == 1 && p.revents == (POLLIN | POLLOUT),
		      "poll POLLIN|POLLOUT");
	}
	CHECK(read(sv[1], buf, sizeof(buf)) == 2 && read(sv[1], buf + 2, sizeof(buf) - 2) == 3 &&
		      memcmp(buf, "abcde", 5) == 0,
	      "boundaries kept on the pair");
	CHECK(read(sv[0], buf, sizeof(buf)) == 3 && memcmp(buf, "xyz", 3) == 0, "other way");
	flen = sizeof(from);
	CHECK(getpeername(sv[0], (struct sockaddr *)&from, &flen) == 0 &&
		      flen == sizeof(sa_family_t),
	      "pair peers are unnamed");
	CHECK(fcntl(sv[1], F_SETFL, O_NONBLOCK) == 0, "O_NONBLOCK");
	CHECK_ERR(read(sv[1], buf, sizeof(buf)), EAGAIN, "empty: EAGAIN");
	close(sv[1]);
	CHECK_ERR(write(sv[0], "x", 1), ECONNREFUSED, "pair peer closed: ECONNREFUSED");
	close(sv[0]);
	return 0;
}
