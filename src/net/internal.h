/* SPDX-License-Identifier: MIT */
/* Private to src/net: the socket object shared by unix.c, inet_loopback.c and sockopt.c. */
#ifndef NET_INTERNAL_H
#define NET_INTERNAL_H
#include <stdbool.h>
#include <stdint.h>
#include "abi/socket.h"
#include "kernel/kernel.h"
#include "lib/list.h"

struct file;

#define UNIX_BUF (212992) /* net.core.wmem_default */

enum ustate { U_UNCONNECTED, U_LISTENING, U_CONNECTED };

struct umsg {
	struct list_head link;
	char *data;
	size_t len, off;
	struct file **fds;
	int nfds;
	struct linux_ucred cred;
	struct linux_sockaddr_un from;
	int fromlen;
};

struct usock {
	int refs;
	int family;		   /* AF_UNIX, or AF_INET/AF_INET6 on the guest's own loopback */
	int type;
	enum ustate state;
	struct file *file;	   /* the open file (not referenced) */
	struct usock *peer;	   /* referenced */
	struct list_head backlog;  /* struct usock.blink: connections not yet accepted */
	struct list_head blink;
	int backlog_max, nbacklog;
	struct list_head rq;	   /* struct umsg */
	size_t rq_bytes;
	size_t sndbuf, rcvbuf;
	bool shut_rd, shut_wr, peer_gone, passcred;
	bool closed;		   /* its file was closed (a connection not yet accepted is open) */
	unsigned opts;		   /* boolean SOL_SOCKET options that are only stored, by bit */
	int err;		   /* SO_ERROR */
	struct waitq wq;
	struct linux_sockaddr_un addr;
	int addrlen;		   /* 0: unbound */
	struct linux_sockaddr_un peeraddr; /* the peer's name when connected (kept after it closes) */
	int peeraddrlen;
	bool was_connected;
	bool path_bound;
	uint64_t dev, ino;	   /* the socket inode of a path name */
	struct linux_ucred cred;   /* the owner's, for the peer's SO_PEERCRED */
	struct linux_ucred peercred;
	bool has_peercred;
	struct list_head bound_link;
	int64_t rcvtimeo, sndtimeo; /* ns, 0: none */
	/* IP-level options (IPPROTO_IP/TCP/UDP/IPV6) as set, for getsockopt; loopback needs none of them. */
	struct { int level, name, val; } ipopt[12];
	int nipopt;
	int linger[2];		   /* SO_LINGER as set: l_onoff, l_linger */
	int rcvlowat;		   /* SO_RCVLOWAT as set (1 at first) */
};


/* Every socket with a name (path, abstract, or IP port), for lookups. */
extern struct list_head sock_bound;

static inline bool is_inet(const struct usock *u)
{
	return u->family != LINUX_AF_UNIX;
}

/* unix.c: shared by the other files here. */
struct task;
struct linux_ucred unix_cred_of(struct task *t);
void unix_msg_free(struct umsg *m);
void unix_put(struct usock *u);
void unix_disconnect(struct usock *u);
bool unix_is_conn(struct usock *u);
struct usock *unix_lookup(struct task *t, const struct linux_sockaddr_un *a, int len, int *err);
int64_t unix_deadline(int64_t timeo);

/* inet_loopback.c */
int inet_len(int family);
uint16_t inet_port(const void *a);
int inet_kind(int family, const void *a);
void inet_loopback(int family, void *a, uint16_t port);
int inet_autobind(struct usock *u);
/* As a listen() without bind(): the any address, a free port. */
int inet_autobind_any(struct usock *u);
int inet_bind(struct usock *u, const void *a, int len);
struct usock *inet_lookup(struct usock *from, const void *a, int len, int *err);

#endif
