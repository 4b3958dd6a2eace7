/* SPDX-License-Identifier: MIT */
/*
 * Sockets inside the guest. AF_UNIX is ukern's own (stream, datagram and
 * seqpacket; path and abstract names; SCM_RIGHTS and SCM_CREDENTIALS);
 * other families are EAFNOSUPPORT for now. The functions work on kernel
 * buffers; syscalls/sys_socket.c copies to and from guest memory.
 * Lock order: kernel_lock protects everything here.
 */
#ifndef NET_NET_H
#define NET_NET_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "abi/socket.h"

struct file;
struct task;

/* What a received message brought besides data. */
struct sock_recv_extra {
	struct file **fds;	 /* SCM_RIGHTS (references, for the caller to install or put) */
	int nfds;
	bool has_cred;
	struct linux_ucred cred; /* SCM_CREDENTIALS, if the receiver asked (SO_PASSCRED) */
	struct linux_sockaddr_un from;
	int fromlen;
	int msg_flags;		 /* MSG_TRUNC, ... */
};

bool file_is_socket(struct file *f);
/* Constructors return a file or ERR_PTR. */
struct file *sock_create(struct task *t, int family, int type, int protocol);
int sock_socketpair(struct task *t, int family, int type, int protocol, struct file **a, struct file **b);
int sock_bind(struct task *t, struct file *f, const struct linux_sockaddr_un *addr, int len);
int sock_listen(struct file *f, int backlog);
int sock_connect(struct task *t, struct file *f, const struct linux_sockaddr_un *addr, int len);
/* Returns the accepted connection's file (ERR_PTR on error); its peer's name in *addr. */
struct file *sock_accept(struct task *t, struct file *f, int flags, struct linux_sockaddr_un *addr, int *alen);
/*
 * Sends len bytes (taking the references in fds). Returns bytes sent or
 * -errno; raises SIGPIPE on EPIPE unless MSG_NOSIGNAL.
 */
long sock_send(struct task *t, struct file *f, const void *buf, size_t len, int flags, struct file **fds, int nfds,
	       const struct linux_ucred *cred, const struct linux_sockaddr_un *to, int tolen);
long sock_recv(struct task *t, struct file *f, void *buf, size_t len, int flags, struct sock_recv_extra *ex);
int sock_shutdown(struct file *f, int how);
int sock_getname(struct file *f, bool peer, struct linux_sockaddr_un *addr, int *len);
int sock_setsockopt(struct task *t, struct file *f, int level, int name, const void *val, size_t len);
int sock_getsockopt(struct task *t, struct file *f, int level, int name, void *val, size_t *len);

#endif
