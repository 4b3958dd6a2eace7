/* SPDX-License-Identifier: MIT */
/* setsockopt(2) and getsockopt(2) for ukern's sockets: SOL_SOCKET, and IP-level options kept as given. */
#include <string.h>
#include "abi/errno.h"
#include "abi/types.h"
#include "fs/vfs/vfs.h"
#include "kernel/task.h"
#include "lib/kstd.h"
#include "net/internal.h"
#include "net/net.h"

static struct usock *us(struct file *f)
{
	return f->priv;
}

static int get_int(const void *val, size_t len, int *out)
{
	if (len < sizeof(int))
		return -EINVAL;
	memcpy(out, val, sizeof(int));
	return 0;
}

/* The slot of an IP-level option that was set, or -1. */
static int ipopt_find(struct usock *u, int level, int name)
{
	for (int i = 0; i < u->nipopt; i++)
		if (u->ipopt[i].level == level && u->ipopt[i].name == name)
			return i;
	return -1;
}

/* Keeps an IP-level option's value for getsockopt (TCP_NODELAY, IP_TOS, IP_TTL, ...). */
static int ipopt_set(struct usock *u, int level, int name, int v)
{
	int i = ipopt_find(u, level, name);

	if (i < 0) {
		if (u->nipopt == (int)(sizeof(u->ipopt) / sizeof(u->ipopt[0])))
			return -ENOBUFS;
		i = u->nipopt++;
		u->ipopt[i].level = level;
		u->ipopt[i].name = name;
	}
	u->ipopt[i].val = v;
	return 0;
}

/* An IP-level option's value: as set, else Linux's default on loopback. */
static int ipopt_get(struct usock *u, int level, int name)
{
	int i = ipopt_find(u, level, name);

	if (i >= 0)
		return u->ipopt[i].val;
	if (level == 6 && name == 2) /* TCP_MAXSEG on lo (MTU 65536) */
		return 65483;
	if ((level == 0 && name == 2) || (level == 41 && name == 16)) /* IP_TTL, IPV6_UNICAST_HOPS */
		return 64;
	return 0;
}

int sock_setsockopt(struct task *t, struct file *f, int level, int name, const void *val, size_t len)
{
	struct usock *u = us(f);
	int v = 0, r;

	(void)t;
	if (level != LINUX_SOL_SOCKET && is_inet(u)) {
		/* IPPROTO_IP, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_IPV6: kept (IPV6_V6ONLY is used). */
		if (level != 0 && level != 6 && level != 17 && level != 41)
			return -ENOPROTOOPT;
		if (len < sizeof(int))
			return -EINVAL;
		memcpy(&v, val, sizeof(int));
		if (level == 41 && name == 26) { /* IPV6_V6ONLY */
			u->opts = v ? u->opts | (1U << 26) : u->opts & ~(1U << 26);
			return 0;
		}
		return ipopt_set(u, level, name, v);
	}
	if (level != LINUX_SOL_SOCKET)
		return -EOPNOTSUPP;
	switch (name) {
	case LINUX_SO_SNDBUF:
	case LINUX_SO_RCVBUF:
	case LINUX_SO_SNDBUFFORCE:
	case LINUX_SO_RCVBUFFORCE:
		r = get_int(val, len, &v);
		if (r < 0)
			return r;
		v = v < 2304 ? 4608 : v > 1073741823 ? 2147483647 : v * 2; /* the kernel doubles it */
		if (name == LINUX_SO_SNDBUF || name == LINUX_SO_SNDBUFFORCE)
			u->sndbuf = (size_t)v;
		else
			u->rcvbuf = (size_t)v;
		return 0;
	case LINUX_SO_PASSCRED:
		r = get_int(val, len, &v);
		if (r == 0)
			u->passcred = v != 0;
		return r;
	case LINUX_SO_RCVTIMEO:
	case LINUX_SO_SNDTIMEO: {
		struct linux_timeval tv;

		if (len < sizeof(tv))
			return -EINVAL;
		memcpy(&tv, val, sizeof(tv));
		if (tv.tv_usec < 0 || tv.tv_usec >= 1000000)
			return -EDOM;
		if (name == LINUX_SO_RCVTIMEO)
			u->rcvtimeo = ns_sat(tv.tv_sec, tv.tv_usec * 1000);
		else
			u->sndtimeo = ns_sat(tv.tv_sec, tv.tv_usec * 1000);
		return 0;
	}
	case LINUX_SO_REUSEADDR: case LINUX_SO_KEEPALIVE: case LINUX_SO_REUSEPORT:
	case LINUX_SO_BROADCAST: case LINUX_SO_OOBINLINE: case LINUX_SO_DONTROUTE:
		r = get_int(val, len, &v);
		if (r == 0)
			u->opts = v ? u->opts | (1U << name) : u->opts & ~(1U << name);
		return r;
	case LINUX_SO_LINGER:
		if (len < sizeof(u->linger))
			return -EINVAL;
		memcpy(u->linger, val, sizeof(u->linger));
		u->linger[0] = !!u->linger[0];
		return 0;
	case LINUX_SO_RCVLOWAT:
		r = get_int(val, len, &v);
		if (r == 0)
			u->rcvlowat = v < 1 ? 1 : v; /* kept for getsockopt; reads still wake at 1 byte */
		return r;
	}
	return -ENOPROTOOPT;
}

int sock_getsockopt(struct task *t, struct file *f, int level, int name, void *val, size_t *len)
{
	struct usock *u = us(f);
	int v;

	(void)t;
	if (level != LINUX_SOL_SOCKET && is_inet(u)) {
		if (level != 0 && level != 6 && level != 17 && level != 41)
			return -ENOPROTOOPT;
		v = level == 41 && name == 26 ? !!(u->opts & (1U << 26)) : ipopt_get(u, level, name);
		*len = MIN(*len, sizeof(int));
		memcpy(val, &v, *len);
		return 0;
	}
	if (level != LINUX_SOL_SOCKET)
		return -EOPNOTSUPP;
	switch (name) {
	case LINUX_SO_TYPE: v = u->type; break;
	case LINUX_SO_DOMAIN: v = u->family; break;
	case LINUX_SO_PROTOCOL: v = !is_inet(u) ? 0 : u->type == LINUX_SOCK_STREAM ? 6 : 17; break;
	case LINUX_SO_SNDBUF: v = (int)u->sndbuf; break;
	case LINUX_SO_RCVBUF: v = (int)u->rcvbuf; break;
	case LINUX_SO_ERROR: v = u->err; u->err = 0; break;
	case LINUX_SO_PASSCRED: v = u->passcred; break;
	case LINUX_SO_ACCEPTCONN: v = u->state == U_LISTENING; break;
	case LINUX_SO_REUSEADDR: case LINUX_SO_KEEPALIVE: case LINUX_SO_BROADCAST: case LINUX_SO_OOBINLINE:
	case LINUX_SO_REUSEPORT: case LINUX_SO_DONTROUTE:
		v = !!(u->opts & (1U << name));
		break;
	case LINUX_SO_RCVLOWAT: v = u->rcvlowat; break;
	case LINUX_SO_SNDLOWAT: v = 1; break;
	case LINUX_SO_PEERCRED: {
		struct linux_ucred c = { 0, (uint32_t)-1, (uint32_t)-1 };

		if (u->has_peercred)
			c = u->peercred;
		*len = MIN(*len, sizeof(c));
		memcpy(val, &c, *len);
		return 0;
	}
	case LINUX_SO_RCVTIMEO:
	case LINUX_SO_SNDTIMEO: {
		int64_t ns = name == LINUX_SO_RCVTIMEO ? u->rcvtimeo : u->sndtimeo;
		struct linux_timeval tv = { ns / 1000000000, ns % 1000000000 / 1000 };

		*len = MIN(*len, sizeof(tv));
		memcpy(val, &tv, *len);
		return 0;
	}
	case LINUX_SO_LINGER:
		*len = MIN(*len, sizeof(u->linger));
		memcpy(val, u->linger, *len);
		return 0;
	default:
		return -ENOPROTOOPT;
	}
	*len = MIN(*len, sizeof(int));
	memcpy(val, &v, *len);
	return 0;
}
