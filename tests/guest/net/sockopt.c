/* tags: net */
/* SPDX-License-Identifier: MIT */
/*
 * Socket options and socket() errors on AF_UNIX: SO_TYPE/DOMAIN/PROTOCOL, buffer
 * sizes, SO_ERROR, SO_ACCEPTCONN, SO_RCVTIMEO, bad levels and names, ENOTSOCK.
 */
#include <fcntl.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/un.h>
#include "check.h"

static int geti(int fd, int name, int *v)
{
	socklen_t len = sizeof(*v);

	*v = -12345;
	if (getsockopt(fd, SOL_SOCKET, name, v, &len) != 0)
		return -1;
	return len == sizeof(*v) ? 0 : -2;
}

static int seti(int fd, int name, int v)
{
	return setsockopt(fd, SOL_SOCKET, name, &v, sizeof(v));
}

int main(void)
{
	static const int types[] = { SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET };
	struct sockaddr_un sa = { .sun_family = AF_UNIX, .sun_path = "so" };
	struct timeval tv, tv2;
	struct linger lg;
	socklen_t len;
	char buf[8];
	int fd, f, v, i, sv[2];

	for (i = 0; i < 3; i++) {
		fd = socket(AF_UNIX, types[i], 0);
		CHECK(fd >= 0 && geti(fd, SO_TYPE, &v) == 0 && v == types[i], "SO_TYPE");
		CHECK(geti(fd, SO_DOMAIN, &v) == 0 && v == AF_UNIX, "SO_DOMAIN is AF_UNIX");
		CHECK(geti(fd, SO_PROTOCOL, &v) == 0 && v == 0, "SO_PROTOCOL is 0");
		close(fd);
	}
	fd = socket(AF_UNIX, SOCK_RAW, 0);
	CHECK(fd >= 0 && geti(fd, SO_TYPE, &v) == 0 && v == SOCK_DGRAM,
	      "AF_UNIX SOCK_RAW is a datagram socket");
	close(fd);
	fd = socket(PF_LOCAL, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	CHECK(fd >= 0 && fcntl(fd, F_GETFD) == FD_CLOEXEC && (fcntl(fd, F_GETFL) & O_NONBLOCK),
	      "SOCK_CLOEXEC | SOCK_NONBLOCK");
	CHECK(geti(fd, SO_TYPE, &v) == 0 && v == SOCK_STREAM, "flags are not part of SO_TYPE");
	close(fd);

	/* socket() and socketpair() errors. */
	CHECK_ERR(socket(AF_UNIX, 99, 0), EINVAL, "type beyond SOCK_MAX: EINVAL");
	CHECK_ERR(socket(AF_UNIX, 7, 0), ESOCKTNOSUPPORT,
		  "type AF_UNIX does not know: ESOCKTNOSUPPORT");
	CHECK_ERR(socket(AF_UNIX, SOCK_STREAM, 5), EPROTONOSUPPORT,
		  "unknown protocol: EPROTONOSUPPORT");
	CHECK_ERR(socket(12345, SOCK_STREAM, 0), EAFNOSUPPORT, "unknown family: EAFNOSUPPORT");
	CHECK_ERR(socket(-1, SOCK_STREAM, 0), EAFNOSUPPORT, "negative family: EAFNOSUPPORT");
	CHECK_ERR(socket(AF_UNIX, SOCK_STREAM | 0x40000000, 0), EINVAL,
		  "unknown type flag: EINVAL");
	CHECK_ERR(syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, 8), EFAULT,
		  "socketpair bad pointer: EFAULT");
	CHECK_ERR(socketpair(12345, SOCK_STREAM, 0, sv), EAFNOSUPPORT,
		  "socketpair unknown family: EAFNOSUPPORT");

	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	/* Buffer sizes: the kernel doubles what is set. */
	CHECK(geti(fd, SO_SNDBUF, &v) == 0 && v > 0, "SO_SNDBUF get");
	CHECK(geti(fd, SO_RCVBUF, &v) == 0 && v > 0, "SO_RCVBUF get");
	CHECK(seti(fd, SO_SNDBUF, 65536) == 0 && geti(fd, SO_SNDBUF, &v) == 0 && v == 131072,
	      "SO_SNDBUF set 64 KiB reads back doubled");
	CHECK(seti(fd, SO_RCVBUF, 32768) == 0 && geti(fd, SO_RCVBUF, &v) == 0 && v == 65536,
	      "SO_RCVBUF set 32 KiB reads back doubled");
	CHECK(geti(fd, SO_ERROR, &v) == 0 && v == 0, "SO_ERROR is 0");
	CHECK(geti(fd, SO_ACCEPTCONN, &v) == 0 && v == 0, "SO_ACCEPTCONN 0 before listen");
	CHECK(geti(fd, SO_REUSEADDR, &v) == 0 && v == 0, "SO_REUSEADDR off");
	CHECK(seti(fd, SO_REUSEADDR, 1) == 0 && geti(fd, SO_REUSEADDR, &v) == 0 && v == 1,
	      "SO_REUSEADDR on");
	CHECK(seti(fd, SO_KEEPALIVE, 7) == 0 && geti(fd, SO_KEEPALIVE, &v) == 0 && v == 1,
	      "boolean options read back as 1");
	len = sizeof(lg);
	CHECK(getsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, &len) == 0 && len == sizeof(lg) &&
		      lg.l_onoff == 0,
	      "SO_LINGER off");
	CHECK(bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 && listen(fd, 1) == 0,
	      "bind and listen");
	CHECK(geti(fd, SO_ACCEPTCONN, &v) == 0 && v == 1, "SO_ACCEPTCONN 1 after listen");

	/* Length handling. */
	len = 2;
	v = 0;
	CHECK(getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &len) == 0 && len == 2,
	      "short optlen truncates");
	len = -1;
	CHECK_ERR(getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &len), EINVAL, "negative optlen: EINVAL");
	CHECK_ERR(syscall(SYS_getsockopt, fd, SOL_SOCKET, SO_TYPE, &v, NULL), EFAULT,
		  "NULL optlen: EFAULT");
	v = 1;
	CHECK_ERR(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &v, 2), EINVAL,
		  "setsockopt optlen < int: EINVAL");

	/* Unknown levels and names. */
	len = sizeof(v);
	CHECK_ERR(getsockopt(fd, SOL_SOCKET, 12345, &v, &len), ENOPROTOOPT,
		  "unknown SOL_SOCKET option: ENOPROTOOPT");
	CHECK_ERR(seti(fd, 12345, 1), ENOPROTOOPT, "setsockopt unknown option: ENOPROTOOPT");
	len = sizeof(v);
	CHECK_ERR(getsockopt(fd, 12345, 1, &v, &len), EOPNOTSUPP,
		  "getsockopt unknown level on AF_UNIX: EOPNOTSUPP");
	CHECK_ERR(setsockopt(fd, 12345, 1, &v, sizeof(v)), EOPNOTSUPP,
		  "setsockopt unknown level on AF_UNIX: EOPNOTSUPP");
	CHECK_ERR(seti(fd, SO_TYPE, SOCK_DGRAM), ENOPROTOOPT, "SO_TYPE is read-only: ENOPROTOOPT");
	close(fd);
	unlink("so");

	/* SO_RCVTIMEO. */
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
	tv.tv_sec = 0;
	tv.tv_usec = 20000;
	CHECK(setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0,
	      "SO_RCVTIMEO 20 ms");
	len = sizeof(tv2);
	CHECK(getsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv2, &len) == 0 &&
		      len == sizeof(tv2) && tv2.tv_sec == 0 && tv2.tv_usec > 0 &&
		      tv2.tv_usec <= 20000,
	      "SO_RCVTIMEO reads back");
	CHECK_ERR(read(sv[0], buf, sizeof(buf)), EAGAIN, "blocking read times out: EAGAIN");
	tv.tv_usec = 2000000;
	CHECK_ERR(setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), EDOM,
		  "tv_usec out of range: EDOM");
	close(sv[0]);
	close(sv[1]);

	/* Not a socket, or no fd at all. */
	f = open("plain", O_CREAT | O_RDWR, 0644);
	len = sizeof(v);
	CHECK_ERR(getsockopt(f, SOL_SOCKET, SO_TYPE, &v, &len), ENOTSOCK, "getsockopt: ENOTSOCK");
	CHECK_ERR(seti(f, SO_REUSEADDR, 1), ENOTSOCK, "setsockopt: ENOTSOCK");
	CHECK_ERR(bind(f, (struct sockaddr *)&sa, sizeof(sa)), ENOTSOCK, "bind: ENOTSOCK");
	CHECK_ERR(connect(f, (struct sockaddr *)&sa, sizeof(sa)), ENOTSOCK, "connect: ENOTSOCK");
	CHECK_ERR(listen(f, 1), ENOTSOCK, "listen: ENOTSOCK");
	CHECK_ERR(accept(f, NULL, NULL), ENOTSOCK, "accept: ENOTSOCK");
	CHECK_ERR(shutdown(f, SHUT_RDWR), ENOTSOCK, "shutdown: ENOTSOCK");
	CHECK_ERR(send(f, "x", 1, 0), ENOTSOCK, "send: ENOTSOCK");
	CHECK_ERR(recv(f, buf, 1, MSG_DONTWAIT), ENOTSOCK, "recv: ENOTSOCK");
	len = sizeof(sa);
	CHECK_ERR(getsockname(f, (struct sockaddr *)&sa, &len), ENOTSOCK, "getsockname: ENOTSOCK");
	close(f);
	unlink("plain");
	len = sizeof(v);
	CHECK_ERR(getsockopt(99, SOL_SOCKET, SO_TYPE, &v, &len), EBADF, "closed fd: EBADF");
	CHECK_ERR(listen(99, 1), EBADF, "listen closed fd: EBADF");
	return 0;
}
