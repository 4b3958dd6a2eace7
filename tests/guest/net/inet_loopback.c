/* tags: net fork */
/* SPDX-License-Identifier: MIT */
/*
 * TCP and UDP on the loopback (127.0.0.1 and ::1): a forked echo server,
 * ephemeral ports, getsockname/getpeername, EADDRINUSE and ECONNREFUSED.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include "check.h"

static int port_of(int s)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(s, (struct sockaddr *)&ss, &len) < 0)
		return -1;
	return ntohs(ss.ss_family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
					     : ((struct sockaddr_in6 *)&ss)->sin6_port);
}

static void addr_of(int fam, int port, struct sockaddr_storage *ss, socklen_t *len)
{
	memset(ss, 0, sizeof(*ss));
	if (fam == AF_INET) {
		struct sockaddr_in *a = (struct sockaddr_in *)ss;

		a->sin_family = AF_INET;
		a->sin_port = htons((uint16_t)port);
		a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		*len = sizeof(*a);
	} else {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;

		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		a->sin6_addr = in6addr_loopback;
		*len = sizeof(*a);
	}
}

static void tcp(int fam, const char *name)
{
	struct sockaddr_storage ss;
	socklen_t len;
	char buf[32], desc[64];
	int l, c, one = 1, status, port;
	pid_t pid;

	l = socket(fam, SOCK_STREAM, 0);
	snprintf(desc, sizeof(desc), "%s: socket", name);
	CHECK(l >= 0 && setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == 0, desc);
	addr_of(fam, 0, &ss, &len);
	snprintf(desc, sizeof(desc), "%s: bind an ephemeral port and listen", name);
	CHECK(bind(l, (struct sockaddr *)&ss, len) == 0 && listen(l, 4) == 0, desc);
	port = port_of(l);
	snprintf(desc, sizeof(desc), "%s: the port is ephemeral", name);
	CHECK(port >= 1024, desc);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		int a = accept(l, NULL, NULL);
		ssize_t n = read(a, buf, sizeof(buf));

		for (ssize_t i = 0; i < n; i++)
			buf[i] = (char)(buf[i] - 32);
		_exit(n > 0 && write(a, buf, (size_t)n) == n ? 0 : 1);
	}
	c = socket(fam, SOCK_STREAM, 0);
	addr_of(fam, port, &ss, &len);
	snprintf(desc, sizeof(desc), "%s: connect", name);
	CHECK(connect(c, (struct sockaddr *)&ss, len) == 0, desc);
	setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	snprintf(desc, sizeof(desc), "%s: echo through the forked server", name);
	CHECK(write(c, "ping", 4) == 4 && read(c, buf, sizeof(buf)) == 4 && memcmp(buf, "PING", 4) == 0,
	      desc);
	snprintf(desc, sizeof(desc), "%s: server exited cleanly", name);
	CHECK(waitpid(pid, &status, 0) == pid && status == 0, desc);
	len = sizeof(ss);
	snprintf(desc, sizeof(desc), "%s: getpeername gives the server's port", name);
	CHECK(getpeername(c, (struct sockaddr *)&ss, &len) == 0 &&
		      ntohs(fam == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
					   : ((struct sockaddr_in6 *)&ss)->sin6_port) == port,
	      desc);
	snprintf(desc, sizeof(desc), "%s: EOF after the server closed", name);
	CHECK(read(c, buf, sizeof(buf)) == 0, desc);
	close(c);

	c = socket(fam, SOCK_STREAM, 0);
	addr_of(fam, port, &ss, &len);
	snprintf(desc, sizeof(desc), "%s: binding the listening port again: EADDRINUSE", name);
	CHECK_ERR(bind(c, (struct sockaddr *)&ss, len), EADDRINUSE, desc);
	close(c);
	close(l);

	/* A bound socket that does not listen refuses connections. */
	l = socket(fam, SOCK_STREAM, 0);
	addr_of(fam, 0, &ss, &len);
	bind(l, (struct sockaddr *)&ss, len);
	c = socket(fam, SOCK_STREAM, 0);
	addr_of(fam, port_of(l), &ss, &len);
	snprintf(desc, sizeof(desc), "%s: connect to a port nobody listens on: ECONNREFUSED", name);
	CHECK_ERR(connect(c, (struct sockaddr *)&ss, len), ECONNREFUSED, desc);
	close(c);
	close(l);
}

static void udp(int fam, const char *name)
{
	struct sockaddr_storage ss, from;
	socklen_t len, flen = sizeof(from);
	char buf[32], desc[64];
	int a = socket(fam, SOCK_DGRAM, 0), b = socket(fam, SOCK_DGRAM, 0);

	addr_of(fam, 0, &ss, &len);
	snprintf(desc, sizeof(desc), "%s: bind a datagram socket", name);
	CHECK(a >= 0 && b >= 0 && bind(a, (struct sockaddr *)&ss, len) == 0, desc);
	addr_of(fam, port_of(a), &ss, &len);
	snprintf(desc, sizeof(desc), "%s: sendto and recvfrom", name);
	CHECK(sendto(b, "dgram", 5, 0, (struct sockaddr *)&ss, len) == 5 &&
		      recvfrom(a, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen) == 5 &&
		      memcmp(buf, "dgram", 5) == 0,
	      desc);
	snprintf(desc, sizeof(desc), "%s: the sender got an ephemeral port", name);
	CHECK(port_of(b) >= 1024 && from.ss_family == fam, desc);
	close(a);
	close(b);
}

int main(void)
{
	tcp(AF_INET, "ipv4");
	tcp(AF_INET6, "ipv6");
	udp(AF_INET, "ipv4");
	udp(AF_INET6, "ipv6");
	CHECK_ERR(socketpair(AF_INET, SOCK_STREAM, 0, (int[2]){ 0, 0 }), EOPNOTSUPP,
		  "socketpair(AF_INET): EOPNOTSUPP");
	return 0;
}
