/* SPDX-License-Identifier: MIT */
/*
 * AF_INET and AF_INET6 on the guest's own loopback: sockets of this guest can
 * reach each other at 127.0.0.0/8 and ::1; anything else is unreachable, so a
 * guest gets no host network from this. Addresses are kept as raw sockaddr
 * bytes in u->addr: port at offset 2, IPv4 address at 4, IPv6 address at 8.
 */
#include <string.h>
#include "abi/errno.h"
#include "net/internal.h"
#include "net/net.h"

int inet_len(int family)
{
	return family == LINUX_AF_INET ? 16 : 28;
}

uint16_t inet_port(const void *a)
{
	const unsigned char *b = a;

	return (uint16_t)(b[2] << 8 | b[3]);
}

static void set_port(void *a, uint16_t port)
{
	unsigned char *b = a;

	b[2] = (unsigned char)(port >> 8);
	b[3] = (unsigned char)port;
}

/* 1: loopback, 0: the any address, -1: another address. */
int inet_kind(int family, const void *a)
{
	const unsigned char *b = a;
	static const unsigned char any6[16], lo6[16] = { [15] = 1 };

	if (family == LINUX_AF_INET) {
		if (!b[4] && !b[5] && !b[6] && !b[7])
			return 0;
		return b[4] == 127 ? 1 : -1;
	}
	if (!memcmp(b + 8, any6, 16))
		return 0;
	if (!memcmp(b + 8, lo6, 16))
		return 1;
	/* ::ffff:127.x.y.z, an IPv4-mapped loopback address */
	if (!memcmp(b + 8, any6, 10) && b[18] == 0xff && b[19] == 0xff)
		return b[20] == 127 ? 1 : b[20] || b[21] || b[22] || b[23] ? -1 : 0;
	return -1;
}

void inet_loopback(int family, void *a, uint16_t port)
{
	unsigned char *b = a;

	memset(b, 0, (size_t)inet_len(family));
	b[0] = (unsigned char)family;
	set_port(b, port);
	if (family == LINUX_AF_INET) {
		b[4] = 127;
		b[7] = 1;
	} else {
		b[23] = 1;
	}
}

/* A bound socket of this family and type on port (an IPv6 socket on :: also takes IPv4). */
static struct usock *inet_find(int family, int type, uint16_t port)
{
	struct usock *u;

	list_for_each_entry(u, &sock_bound, bound_link) {
		if (!is_inet(u) || u->type != type || u->closed || inet_port(&u->addr) != port)
			continue;
		if (u->family == family || (u->family == LINUX_AF_INET6 && family == LINUX_AF_INET &&
					    !(u->opts & (1U << 26)) && inet_kind(LINUX_AF_INET6, &u->addr) == 0))
			return u;
	}
	return NULL;
}

/* Binds u to a free ephemeral port at local (sockaddr bytes, port ignored), or at loopback when NULL. */
static int autobind_at(struct usock *u, const void *local)
{
	static uint16_t next = 32768;
	int i;

	if (u->addrlen)
		return 0;
	for (i = 0; i < 28232; i++) {
		uint16_t port = next;

		next = next >= 60999 ? 32768 : next + 1;
		if (!inet_find(u->family, u->type, port)) {
			if (local)
				memcpy(&u->addr, local, (size_t)inet_len(u->family));
			else
				inet_loopback(u->family, &u->addr, port);
			set_port(&u->addr, port);
			u->addrlen = inet_len(u->family);
			list_add_tail(&u->bound_link, &sock_bound);
			return 0;
		}
	}
	return -EADDRINUSE;
}

int inet_autobind(struct usock *u)
{
	return autobind_at(u, NULL);
}

int inet_autobind_any(struct usock *u)
{
	unsigned char any[28] = { 0 };

	any[0] = (unsigned char)u->family;
	return autobind_at(u, any);
}

int inet_bind(struct usock *u, const void *a, int len)
{
	const struct linux_sockaddr_un *sa = a;
	uint16_t port;
	int kind;

	if (len < inet_len(u->family))
		return -EINVAL;
	if (sa->sun_family != u->family)
		return u->family == LINUX_AF_INET ? -EAFNOSUPPORT : -EINVAL;
	if (u->addrlen)
		return -EINVAL;
	kind = inet_kind(u->family, a);
	if (kind < 0)
		return -EADDRNOTAVAIL;
	port = inet_port(a);
	if (!port)
		return autobind_at(u, a); /* the address asked for, on a free port */
	if (inet_find(u->family, u->type, port))
		return -EADDRINUSE;
	memcpy(&u->addr, a, (size_t)inet_len(u->family));
	u->addrlen = inet_len(u->family);
	list_add_tail(&u->bound_link, &sock_bound);
	return 0;
}

struct usock *inet_lookup(struct usock *from, const void *a, int len, int *err)
{
	const struct linux_sockaddr_un *sa = a;
	int family = sa->sun_family, kind;
	struct usock *u;

	if (len < 2 || (family != LINUX_AF_INET && family != LINUX_AF_INET6) || len < inet_len(family)) {
		*err = len >= 2 && family != from->family ? -EAFNOSUPPORT : -EINVAL;
		return NULL;
	}
	kind = inet_kind(family, a);
	if (kind < 0) {
		*err = -ENETUNREACH;
		return NULL;
	}
	u = inet_find(family, from->type, inet_port(a));
	*err = -ECONNREFUSED;
	return u;
}

