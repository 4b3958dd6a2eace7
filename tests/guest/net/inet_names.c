/* tags: net */
/* SPDX-License-Identifier: MIT */
/*
 * Local names and options of TCP sockets on the loopback: bind to the any
 * address with port 0 keeps the any address (asyncio's create_server checks
 * it), listen without bind is on the any address, a connected socket and an
 * accepted one are named by the loopback address; TCP_NODELAY, IP_TOS,
 * IP_TTL and SO_LINGER read back as set.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include "check.h"

static int name_of(int s, struct sockaddr_in *a)
{
	socklen_t len = sizeof(*a);

	memset(a, 0, sizeof(*a));
	return getsockname(s, (struct sockaddr *)a, &len) == 0 && len == sizeof(*a) ? 0 : -1;
}

static int geti(int s, int level, int name)
{
	int v = -1;
	socklen_t len = sizeof(v);

	return getsockopt(s, level, name, &v, &len) == 0 ? v : -1;
}

static int seti(int s, int level, int name, int v)
{
	return setsockopt(s, level, name, &v, sizeof(v));
}

int main(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET }, n, p;
	struct linger lg = { 1, 7 }, lg2;
	socklen_t len = sizeof(lg2);
	int l, c, s, l2;

	l = socket(AF_INET, SOCK_STREAM, 0);
	a.sin_addr.s_addr = htonl(INADDR_ANY);
	a.sin_port = 0;
	CHECK(l >= 0 && bind(l, (struct sockaddr *)&a, sizeof(a)) == 0, "bind 0.0.0.0 port 0");
	CHECK(name_of(l, &n) == 0 && n.sin_addr.s_addr == htonl(INADDR_ANY) && n.sin_port != 0,
	      "getsockname: still 0.0.0.0, a port chosen");
	CHECK(listen(l, 4) == 0, "listen");

	c = socket(AF_INET, SOCK_STREAM, 0);
	p.sin_family = AF_INET;
	p.sin_port = n.sin_port;
	p.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK(connect(c, (struct sockaddr *)&p, sizeof(p)) == 0, "connect to 127.0.0.1 reaches the 0.0.0.0 listener");
	CHECK(name_of(c, &n) == 0 && n.sin_addr.s_addr == htonl(INADDR_LOOPBACK) && n.sin_port != 0,
	      "the connected socket is named 127.0.0.1");
	s = accept(l, NULL, NULL);
	CHECK(s >= 0 && name_of(s, &n) == 0 && n.sin_addr.s_addr == htonl(INADDR_LOOPBACK) && n.sin_port == p.sin_port,
	      "the accepted socket is named 127.0.0.1 and the listener's port");

	l2 = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(l2 >= 0 && listen(l2, 1) == 0 && name_of(l2, &n) == 0 && n.sin_addr.s_addr == htonl(INADDR_ANY) &&
		      n.sin_port != 0,
	      "listen without bind: 0.0.0.0 and a port");

	CHECK(geti(c, IPPROTO_TCP, TCP_NODELAY) == 0, "TCP_NODELAY off at first");
	CHECK(seti(c, IPPROTO_TCP, TCP_NODELAY, 1) == 0 && geti(c, IPPROTO_TCP, TCP_NODELAY) == 1,
	      "TCP_NODELAY reads back 1 once set");
	CHECK(seti(c, IPPROTO_TCP, TCP_NODELAY, 0) == 0 && geti(c, IPPROTO_TCP, TCP_NODELAY) == 0,
	      "and 0 once cleared");
	CHECK(geti(c, IPPROTO_IP, IP_TTL) == 64, "IP_TTL is 64 by default");
	CHECK(seti(c, IPPROTO_IP, IP_TTL, 9) == 0 && geti(c, IPPROTO_IP, IP_TTL) == 9, "IP_TTL reads back as set");
	CHECK(seti(c, IPPROTO_IP, IP_TOS, 0x10) == 0 && geti(c, IPPROTO_IP, IP_TOS) == 0x10, "IP_TOS reads back as set");
	CHECK(setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)) == 0 &&
		      getsockopt(c, SOL_SOCKET, SO_LINGER, &lg2, &len) == 0 && len == sizeof(lg2) && lg2.l_onoff == 1 &&
		      lg2.l_linger == 7,
	      "SO_LINGER reads back as set");
	close(s);
	close(c);
	close(l);
	close(l2);
	return 0;
}
