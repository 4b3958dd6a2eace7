/* tags: net fork */
/* SPDX-License-Identifier: MIT */
/*
 * AF_UNIX SOCK_STREAM on a filesystem path: bind, listen, connect from a child,
 * accept/accept4, socket names, and the errors of bind, connect, listen and accept.
 */
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
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

static int is_name(const struct sockaddr_un *sa, socklen_t len, const char *path)
{
	return len == offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1 &&
	       sa->sun_family == AF_UNIX && strcmp(sa->sun_path, path) == 0;
}

static int connect_to(const char *path, int type)
{
	struct sockaddr_un sa;
	socklen_t len = mkaddr(&sa, path);
	int fd = socket(AF_UNIX, type, 0);
	int e;

	if (connect(fd, (struct sockaddr *)&sa, len) == 0)
		return fd;
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

int main(void)
{
	struct sockaddr_un sa, got;
	struct pollfd pfd;
	struct stat st;
	socklen_t len, glen;
	char buf[64];
	int ls, s, c, fd, status;
	pid_t pid;

	ls = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(ls >= 0, "socket");
	CHECK_ERR(listen(ls, 5), EINVAL, "listen on an unbound socket: EINVAL");
	glen = sizeof(got);
	CHECK(getsockname(ls, (struct sockaddr *)&got, &glen) == 0 && glen == sizeof(sa_family_t) &&
		      got.sun_family == AF_UNIX,
	      "unbound getsockname: just the family");
	len = mkaddr(&sa, "sock");
	CHECK(bind(ls, (struct sockaddr *)&sa, len) == 0, "bind to ./sock");
	CHECK(stat("sock", &st) == 0 && S_ISSOCK(st.st_mode), "the path is a socket file");
	glen = sizeof(got);
	CHECK(getsockname(ls, (struct sockaddr *)&got, &glen) == 0 && is_name(&got, glen, "sock"),
	      "getsockname gives the path");
	CHECK_ERR(bind(ls, (struct sockaddr *)&sa, len), EADDRINUSE,
		  "binding the same path again: EADDRINUSE");
	len = mkaddr(&sa, "other");
	CHECK_ERR(bind(ls, (struct sockaddr *)&sa, len), EINVAL,
		  "binding a bound socket to a new path: EINVAL");
	CHECK_ERR(stat("other", &st), ENOENT, "the failed bind left no file behind");
	len = mkaddr(&sa, "sock");
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_ERR(bind(fd, (struct sockaddr *)&sa, len), EADDRINUSE,
		  "another socket on the same path: EADDRINUSE");
	close(fd);

	/* Bound but not listening. */
	CHECK_ERR(connect_to("sock", SOCK_STREAM), ECONNREFUSED,
		  "connect to a socket that is not listening: ECONNREFUSED");
	CHECK_ERR(connect_to("missing", SOCK_STREAM), ENOENT, "connect to a missing path: ENOENT");
	fd = open("plain", O_CREAT | O_WRONLY, 0644);
	close(fd);
	CHECK_ERR(connect_to("plain", SOCK_STREAM), ECONNREFUSED,
		  "connect to a regular file: ECONNREFUSED");
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	len = mkaddr(&sa, "plain");
	CHECK_ERR(bind(fd, (struct sockaddr *)&sa, len), EADDRINUSE,
		  "bind over an existing file: EADDRINUSE");
	len = mkaddr(&sa, "nodir/sock");
	CHECK_ERR(bind(fd, (struct sockaddr *)&sa, len), ENOENT,
		  "bind in a missing directory: ENOENT");
	close(fd);
	unlink("plain");

	CHECK(listen(ls, 5) == 0, "listen");
	CHECK(listen(ls, 10) == 0, "listen again changes the backlog");
	CHECK_ERR(connect_to("sock", SOCK_DGRAM), EPROTOTYPE,
		  "datagram connect to a stream listener: EPROTOTYPE");
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	glen = sizeof(got);
	CHECK_ERR(getpeername(fd, (struct sockaddr *)&got, &glen), ENOTCONN,
		  "getpeername unconnected: ENOTCONN");
	CHECK_ERR(accept(fd, NULL, NULL), EINVAL, "accept on a non-listening socket: EINVAL");
	close(fd);
	CHECK(fcntl(ls, F_SETFL, O_NONBLOCK) == 0, "listener O_NONBLOCK");
	CHECK_ERR(accept(ls, NULL, NULL), EAGAIN, "accept with nothing pending: EAGAIN");
	CHECK(fcntl(ls, F_SETFL, 0) == 0, "listener blocking");
	pfd.fd = ls;
	pfd.events = POLLIN | POLLOUT;
	CHECK(poll(&pfd, 1, 0) == 0, "idle listener is not ready");

	/* A child connects and talks. */
	pid = fork();
	if (pid == 0) {
		int bad = 0;

		c = connect_to("sock", SOCK_STREAM);
		if (c < 0)
			_exit(100);
		glen = sizeof(got);
		if (getpeername(c, (struct sockaddr *)&got, &glen) != 0 ||
		    !is_name(&got, glen, "sock"))
			bad |= 1;
		glen = sizeof(got);
		if (getsockname(c, (struct sockaddr *)&got, &glen) != 0 ||
		    glen != sizeof(sa_family_t))
			bad |= 2;
		if (write(c, "hello", 5) != 5)
			bad |= 4;
		if (read(c, buf, sizeof(buf)) != 5 || memcmp(buf, "world", 5) != 0)
			bad |= 8;
		if (connect(c, (struct sockaddr *)&sa, mkaddr(&sa, "sock")) != -1 ||
		    errno != EISCONN)
			bad |= 16;
		_exit(bad);
	}
	pfd.revents = 0;
	CHECK(poll(&pfd, 1, 5000) == 1 && pfd.revents == POLLIN,
	      "pending connection: listener POLLIN");
	glen = sizeof(got);
	memset(&got, 0x55, sizeof(got));
	s = accept(ls, (struct sockaddr *)&got, &glen);
	CHECK(s >= 0, "accept");
	CHECK(glen == sizeof(sa_family_t) && got.sun_family == AF_UNIX,
	      "accept: unbound peer has an empty address");
	CHECK(fcntl(s, F_GETFD) == 0, "accepted socket is not cloexec");
	glen = sizeof(got);
	CHECK(getsockname(s, (struct sockaddr *)&got, &glen) == 0 && is_name(&got, glen, "sock"),
	      "accepted socket's name is the listener's path");
	glen = sizeof(got);
	CHECK(getpeername(s, (struct sockaddr *)&got, &glen) == 0 && glen == sizeof(sa_family_t),
	      "accepted socket's peer is unnamed");
	CHECK(read(s, buf, sizeof(buf)) == 5 && memcmp(buf, "hello", 5) == 0, "read from child");
	CHECK(write(s, "world", 5) == 5, "write to child");
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "child: peer name, own name, data and EISCONN as expected");
	CHECK(read(s, buf, sizeof(buf)) == 0, "EOF after the child exits");
	close(s);

	/* A bound client, connect without a child, accept4 flags. */
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	len = mkaddr(&sa, "cli");
	CHECK(bind(c, (struct sockaddr *)&sa, len) == 0, "bind the client to ./cli");
	len = mkaddr(&sa, "sock");
	CHECK(connect(c, (struct sockaddr *)&sa, len) == 0,
	      "connect completes before accept (backlog)");
	glen = sizeof(got);
	s = accept4(ls, (struct sockaddr *)&got, &glen, SOCK_CLOEXEC | SOCK_NONBLOCK);
	CHECK(s >= 0 && is_name(&got, glen, "cli"), "accept4 reports the client's path");
	CHECK(fcntl(s, F_GETFD) == FD_CLOEXEC, "accept4 SOCK_CLOEXEC");
	CHECK(fcntl(s, F_GETFL) & O_NONBLOCK, "accept4 SOCK_NONBLOCK");
	CHECK_ERR(read(s, buf, sizeof(buf)), EAGAIN, "non-blocking accepted socket: EAGAIN");
	glen = sizeof(got);
	CHECK(getpeername(s, (struct sockaddr *)&got, &glen) == 0 && is_name(&got, glen, "cli"),
	      "getpeername gives the client's path");
	/* raw: musl's accept4 retries a failed call as a blocking accept */
	CHECK_ERR(syscall(SYS_accept4, ls, NULL, NULL, 0x4000), EINVAL,
		  "accept4 bad flags: EINVAL");
	CHECK(write(c, "z", 1) == 1 && read(s, buf, 1) == 1 && buf[0] == 'z', "data flows");
	close(s);
	close(c);

	/* The file outlives the socket; unlink removes it. */
	close(ls);
	CHECK(stat("sock", &st) == 0 && S_ISSOCK(st.st_mode), "socket file stays after close");
	CHECK_ERR(connect_to("sock", SOCK_STREAM), ECONNREFUSED,
		  "connect to a closed socket's path: ECONNREFUSED");
	CHECK(unlink("sock") == 0 && unlink("cli") == 0, "unlink the socket files");
	CHECK_ERR(stat("sock", &st), ENOENT, "socket file is gone");

	/* Unlinking while listening: the name is free again, old connections stay possible. */
	ls = socket(AF_UNIX, SOCK_STREAM, 0);
	len = mkaddr(&sa, "sock");
	CHECK(bind(ls, (struct sockaddr *)&sa, len) == 0 && listen(ls, 1) == 0,
	      "rebind the same path after unlink");
	CHECK(unlink("sock") == 0, "unlink while listening");
	CHECK_ERR(connect_to("sock", SOCK_STREAM), ENOENT, "unlinked path: ENOENT");
	close(ls);
	return 0;
}
