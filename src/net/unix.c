/* SPDX-License-Identifier: MIT */
/*
 * AF_UNIX sockets (Linux net/unix/af_unix.c): stream, datagram and seqpacket,
 * bound to a path in the guest's filesystems (a socket inode, found again by
 * its device and inode numbers) or to an abstract name. Messages carry data,
 * passed files (SCM_RIGHTS) and the sender's credentials.
 */
#include <string.h>
#include "abi/errno.h"
#include "abi/ioctl.h"
#include "fs/vfs/vfs.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/err.h"
#include "lib/kstd.h"
#include "mm/uaccess.h"
#include "net/internal.h"
#include "net/net.h"

struct list_head sock_bound = LIST_HEAD_INIT(sock_bound);
static const struct file_ops unix_ops;
static unsigned autobind_next = 1;

bool file_is_socket(struct file *f)
{
	return f->ops == &unix_ops;
}

static struct usock *us(struct file *f)
{
	return f->priv;
}

struct linux_ucred unix_cred_of(struct task *t)
{
	struct linux_ucred c = { t->tg->tgid, t->tg->cred.euid, t->tg->cred.egid };

	return c;
}

void unix_msg_free(struct umsg *m)
{
	int i;

	for (i = 0; i < m->nfds; i++)
		file_put(m->fds[i]);
	kfree(m->fds);
	kfree(m->data);
	kfree(m);
}

void unix_put(struct usock *u)
{
	struct umsg *m, *n;

	if (--u->refs > 0)
		return;
	list_for_each_entry_safe(m, n, &u->rq, link)
		unix_msg_free(m);
	waitq_release(&u->wq);
	kfree(u);
}

static struct usock *us_new(struct task *t, int family, int type)
{
	struct usock *u = kzalloc(sizeof(*u));

	u->refs = 1;
	u->family = family;
	u->type = type;
	list_init(&u->backlog);
	list_init(&u->blink);
	list_init(&u->rq);
	list_init(&u->bound_link);
	waitq_init(&u->wq);
	u->sndbuf = u->rcvbuf = UNIX_BUF;
	u->rcvlowat = 1;
	if (t)
		u->cred = unix_cred_of(t);
	return u;
}

static void unbind(struct usock *u)
{
	if (u->addrlen > 2) {
		list_del(&u->bound_link);
		u->addrlen = 0;
	}
}

/* Drops the connection to the peer and tells it (close or a refused connection). */
void unix_disconnect(struct usock *u)
{
	struct usock *p = u->peer;

	if (!p)
		return;
	u->peer = NULL;
	if (p->peer == u) {
		p->peer = NULL;
		p->peer_gone = true;
		waitq_wake_all(&p->wq);
		unix_put(u);
	}
	unix_put(p);
}

bool unix_is_conn(struct usock *u)
{
	return u->type != LINUX_SOCK_DGRAM;
}

static void unix_release(struct file *f)
{
	struct usock *u = us(f), *c, *n;

	unbind(u);
	/* Connections still in the backlog are refused: their clients see the end. */
	list_for_each_entry_safe(c, n, &u->backlog, blink) {
		list_del(&c->blink);
		unix_disconnect(c);
		unix_put(c);
	}
	u->file = NULL;
	u->closed = true;
	/* Closing a connection with unread data resets the peer (ECONNRESET once, then EOF). */
	if (unix_is_conn(u) && !list_empty(&u->rq) && u->peer && u->peer->peer == u)
		u->peer->err = ECONNRESET;
	unix_disconnect(u);
	waitq_wake_all(&u->wq);
	unix_put(u);
}

static unsigned unix_poll(struct file *f, struct poll_table *pt)
{
	struct usock *u = us(f), *p = u->peer;
	unsigned m = 0;

	poll_wait(pt, &u->wq);
	if (p)
		poll_wait(pt, &p->wq);
	if (u->state == U_LISTENING)
		return list_empty(&u->backlog) ? 0 : LINUX_POLLIN | LINUX_POLLRDNORM;
	if (!list_empty(&u->rq) || u->shut_rd)
		m |= LINUX_POLLIN | LINUX_POLLRDNORM;
	if (unix_is_conn(u) && u->peer_gone)
		m |= LINUX_POLLIN | LINUX_POLLRDNORM | LINUX_POLLRDHUP | LINUX_POLLHUP;
	if (unix_is_conn(u) && p && p->shut_wr)
		m |= LINUX_POLLIN | LINUX_POLLRDNORM | LINUX_POLLRDHUP;
	if (u->shut_rd && u->shut_wr)
		m |= LINUX_POLLHUP;
	if (unix_is_conn(u) && u->state != U_CONNECTED && !u->peer_gone)
		return m; /* not connected yet: not writable */
	if (!u->shut_wr && (!p || p->rq_bytes < p->rcvbuf))
		m |= LINUX_POLLOUT | LINUX_POLLWRNORM;
	if (u->err)
		m |= LINUX_POLLERR;
	return m;
}

static long unix_read(struct file *f, void *buf, size_t n, int64_t *pos)
{
	struct sock_recv_extra ex;
	long r;

	(void)pos;
	memset(&ex, 0, sizeof(ex));
	r = sock_recv(current, f, buf, n, 0, &ex);
	while (ex.nfds > 0)
		file_put(ex.fds[--ex.nfds]);
	kfree(ex.fds);
	return r;
}

static long unix_write(struct file *f, const void *buf, size_t n, int64_t *pos)
{
	(void)pos;
	return sock_send(current, f, buf, n, 0, NULL, 0, NULL, NULL, 0);
}

static long unix_ioctl(struct file *f, unsigned cmd, uaddr_t arg)
{
	struct usock *u = us(f);
	int32_t n;

	switch (cmd) {
	case LINUX_FIONREAD: /* also TIOCINQ/SIOCINQ */
		if (u->state == U_LISTENING)
			return -EINVAL;
		if (u->type != LINUX_SOCK_DGRAM)
			n = (int32_t)u->rq_bytes;
		else
			n = list_empty(&u->rq) ? 0 : (int32_t)list_first_entry(&u->rq, struct umsg, link)->len;
		break;
	case LINUX_TIOCOUTQ: /* SIOCOUTQ: what we sent that the peer has not read */
		n = u->peer ? (int32_t)u->peer->rq_bytes : 0;
		break;
	default:
		return -ENOTTY;
	}
	return copy_to_user(current->mm, arg, &n, 4);
}

static const struct file_ops unix_ops = {
	.ioctl = unix_ioctl,
	.read = unix_read,
	.write = unix_write,
	.poll = unix_poll,
	.release = unix_release,
};

static struct file *sock_file(struct usock *u, int flags)
{
	struct file *f = file_new(&unix_ops, LINUX_O_RDWR | (flags & LINUX_O_NONBLOCK));
	char name[40];

	f->priv = u;
	u->file = f;
	f->inode = inode_new(NULL, S_IFSOCK_ | 0777);
	ksnprintf(name, sizeof(name), "socket:[%llu]", (unsigned long long)f->inode->ino);
	f->anon_name = kstrdup(name);
	return f;
}

static int check_type(int family, int type, int protocol)
{
	int t = type & LINUX_SOCK_TYPE_MASK;

	if (type & ~(LINUX_SOCK_TYPE_MASK | LINUX_SOCK_NONBLOCK | LINUX_SOCK_CLOEXEC))
		return -EINVAL;
	if (family == LINUX_AF_INET || family == LINUX_AF_INET6) {
		if (t == LINUX_SOCK_STREAM)
			return protocol == 0 || protocol == 6 ? 0 : -EPROTONOSUPPORT;
		if (t == LINUX_SOCK_DGRAM)
			return protocol == 0 || protocol == 17 ? 0 : -EPROTONOSUPPORT;
		return t == LINUX_SOCK_RAW ? -EPERM : -ESOCKTNOSUPPORT;
	}
	if (family != LINUX_AF_UNIX)
		return -EAFNOSUPPORT;
	if (t != LINUX_SOCK_STREAM && t != LINUX_SOCK_DGRAM && t != LINUX_SOCK_SEQPACKET && t != LINUX_SOCK_RAW)
		return -ESOCKTNOSUPPORT;
	if (protocol != 0 && protocol != LINUX_AF_UNIX)
		return -EPROTONOSUPPORT;
	return 0;
}

/* AF_UNIX treats SOCK_RAW as SOCK_DGRAM (unix_create). */
static int utype(int type)
{
	int t = type & LINUX_SOCK_TYPE_MASK;

	return t == LINUX_SOCK_RAW ? LINUX_SOCK_DGRAM : t;
}

struct file *sock_create(struct task *t, int family, int type, int protocol)
{
	int r = check_type(family, type, protocol);

	if (r < 0)
		return ERR_PTR(r);
	return sock_file(us_new(t, family, utype(type)), type);
}

int sock_socketpair(struct task *t, int family, int type, int protocol, struct file **a, struct file **b)
{
	struct usock *x, *y;
	int r = check_type(family, type, protocol);

	if (r < 0)
		return r;
	if (family != LINUX_AF_UNIX)
		return -EOPNOTSUPP;
	x = us_new(t, family, utype(type));
	y = us_new(t, family, utype(type));
	x->peer = y;
	y->peer = x;
	x->refs++;
	y->refs++;
	x->state = y->state = U_CONNECTED;
	x->peercred = y->peercred = unix_cred_of(t);
	x->has_peercred = y->has_peercred = true;
	x->was_connected = y->was_connected = true;
	*a = sock_file(x, type);
	*b = sock_file(y, type);
	return 0;
}

/* Validates a sockaddr_un; a path name gets a NUL-terminated copy. */
static int check_addr(const struct linux_sockaddr_un *a, int len, char *path)
{
	int n;

	if (len < 2 || len > (int)sizeof(*a))
		return -EINVAL;
	if (a->sun_family != LINUX_AF_UNIX)
		return -EINVAL;
	n = len - 2;
	if (n == 0)
		return 0; /* autobind */
	if (a->sun_path[0]) {
		int i;

		for (i = 0; i < n && a->sun_path[i]; i++)
			path[i] = a->sun_path[i];
		if (i == UNIX_PATH_MAX)
			return -EINVAL;
		path[i] = 0;
	}
	return n;
}

static struct usock *find_abstract(const struct linux_sockaddr_un *a, int len)
{
	struct usock *u;

	list_for_each_entry(u, &sock_bound, bound_link)
		if (!u->path_bound && u->addrlen == len && !memcmp(u->addr.sun_path, a->sun_path, (size_t)len - 2))
			return u;
	return NULL;
}

static struct usock *find_path(struct task *t, const char *path, int *err)
{
	struct linux_stat st;
	struct path p;
	struct usock *u;
	int r = path_lookup(t, LINUX_AT_FDCWD, path, LOOKUP_FOLLOW, &p, NULL);

	if (r < 0) {
		*err = r;
		return NULL;
	}
	r = vfs_permission(t, &p, LINUX_W_OK);
	if (r == 0)
		r = vfs_getattr(&p, &st);
	path_put(&p);
	if (r < 0) {
		*err = r;
		return NULL;
	}
	*err = -ECONNREFUSED;
	if (!MODE_ISSOCK(st.st_mode))
		return NULL;
	list_for_each_entry(u, &sock_bound, bound_link)
		if (u->path_bound && u->dev == st.st_dev && u->ino == st.st_ino)
			return u;
	return NULL;
}

struct usock *unix_lookup(struct task *t, const struct linux_sockaddr_un *a, int len, int *err)
{
	char path[UNIX_PATH_MAX + 1];
	int n = check_addr(a, len, path);
	struct usock *u;

	if (n <= 0) {
		*err = n < 0 ? n : -EINVAL;
		return NULL;
	}
	if (a->sun_path[0])
		return find_path(t, path, err);
	u = find_abstract(a, len);
	*err = -ECONNREFUSED;
	return u;
}

static void set_name(struct usock *u, const struct linux_sockaddr_un *a, int len)
{
	memcpy(&u->addr, a, (size_t)len);
	u->addrlen = len;
	list_add_tail(&u->bound_link, &sock_bound);
}

static int autobind(struct usock *u)
{
	struct linux_sockaddr_un a = { .sun_family = LINUX_AF_UNIX };

	do {
		ksnprintf(a.sun_path + 1, sizeof(a.sun_path) - 1, "%05x", autobind_next++ & 0xfffff);
	} while (find_abstract(&a, 2 + 6));
	set_name(u, &a, 2 + 6);
	return 0;
}

int sock_bind(struct task *t, struct file *f, const struct linux_sockaddr_un *a, int len)
{
	struct usock *u = us(f);
	char path[UNIX_PATH_MAX + 1];
	int n, r;

	if (is_inet(u))
		return inet_bind(u, a, len);
	n = check_addr(a, len, path);
	if (n < 0)
		return n;
	/* A path name is created first (EADDRINUSE wins over "already bound"), as Linux does. */
	if (u->addrlen && !(n > 0 && a->sun_path[0]))
		return -EINVAL;
	if (n == 0)
		return autobind(u);
	if (!a->sun_path[0]) {
		if (find_abstract(a, len))
			return -EADDRINUSE;
		set_name(u, a, len);
		return 0;
	}
	r = vfs_mknod(t, LINUX_AT_FDCWD, path, S_IFSOCK_ | 0777, 0);
	if (r == -EEXIST)
		return -EADDRINUSE;
	if (r < 0)
		return r;
	if (u->addrlen) {
		vfs_unlink(t, LINUX_AT_FDCWD, path, false);
		return -EINVAL;
	}
	{
		struct linux_stat st;
		struct path p;

		r = path_lookup(t, LINUX_AT_FDCWD, path, 0, &p, NULL);
		if (r < 0)
			return r;
		r = vfs_getattr(&p, &st);
		path_put(&p);
		if (r < 0)
			return r;
		u->dev = st.st_dev;
		u->ino = st.st_ino;
	}
	u->path_bound = true;
	/* The name as given (Linux keeps the caller's bytes, up to the NUL). */
	set_name(u, a, (int)(2 + strlen(path) + 1));
	return 0;
}

int sock_listen(struct file *f, int backlog)
{
	struct usock *u = us(f);

	if (u->type == LINUX_SOCK_DGRAM)
		return -EOPNOTSUPP;
	if (u->state == U_CONNECTED)
		return -EINVAL;
	if (!u->addrlen && is_inet(u))
		inet_autobind_any(u);
	if (!u->addrlen)
		return -EINVAL; /* no listens on an unbound socket */
	u->state = U_LISTENING;
	u->backlog_max = backlog < 0 ? 0 : backlog > 4096 ? 4096 : backlog;
	waitq_wake_all(&u->wq);
	return 0;
}

int64_t unix_deadline(int64_t timeo)
{
	return timeo > 0 ? add_sat(clock_host_now(), timeo) : -1;
}

int sock_connect(struct task *t, struct file *f, const struct linux_sockaddr_un *a, int len)
{
	struct usock *u = us(f), *l, *s;
	int err;

	if (len >= 2 && a->sun_family == LINUX_AF_UNSPEC && u->type == LINUX_SOCK_DGRAM) {
		unix_disconnect(u); /* dissolve a datagram association */
		u->state = U_UNCONNECTED;
		u->peer_gone = false;
		return 0;
	}
	if (is_inet(u)) {
		l = inet_lookup(u, a, len, &err);
		if (err == -ENETUNREACH || err == -EINVAL || err == -EAFNOSUPPORT)
			return err;
		err = inet_autobind(u);
		if (err < 0)
			return err;
		/* Bound to the any address, the socket gets the address it is reached at: loopback. */
		if (inet_kind(u->family, &u->addr) == 0)
			inet_loopback(u->family, &u->addr, inet_port(&u->addr));
		err = -ECONNREFUSED;
	} else {
		l = unix_lookup(t, a, len, &err);
	}
	if (!l)
		return err;
	if (u->type == LINUX_SOCK_DGRAM) {
		if (l->type != LINUX_SOCK_DGRAM)
			return -EPROTOTYPE;
		unix_disconnect(u);
		u->peer = l;
		l->refs++;
		u->state = U_CONNECTED;
		memcpy(&u->peeraddr, &l->addr, sizeof(l->addr));
		u->peeraddrlen = l->addrlen;
		u->was_connected = true;
		return 0;
	}
	if (u->state == U_CONNECTED)
		return -EISCONN;
	if (u->state == U_LISTENING)
		return -EINVAL;
	if (l->type != u->type)
		return -EPROTOTYPE;
	if (l->state != U_LISTENING)
		return -ECONNREFUSED;
	while (l->nbacklog > l->backlog_max) {
		struct waiter w;
		int r;

		if (f->flags & LINUX_O_NONBLOCK)
			return -EAGAIN;
		waitq_add(&l->wq, &w, t);
		l->refs++;
		r = task_sleep(t, unix_deadline(u->sndtimeo), NULL, 0, true);
		waitq_del(&w);
		if (l->state != U_LISTENING || l->closed) {
			unix_put(l);
			return -ECONNREFUSED;
		}
		unix_put(l);
		if (r == -EINTR)
			return -ERESTARTSYS;
		if (r == -ETIMEDOUT)
			return -EAGAIN;
	}
	/* The server side exists at once; accept() hands it out (Linux does the same). */
	s = us_new(NULL, u->family, u->type);
	s->cred = l->cred;
	memcpy(&s->addr, &l->addr, sizeof(l->addr));
	s->addrlen = l->addrlen;
	if (is_inet(l) && inet_kind(l->family, &l->addr) == 0)
		inet_loopback(l->family, &s->addr, inet_port(&l->addr));
	s->passcred = l->passcred;
	s->peer = u;
	u->peer = s;
	u->refs++;
	s->refs++;
	s->state = u->state = U_CONNECTED;
	s->peercred = unix_cred_of(t);
	s->has_peercred = true;
	u->peercred = l->cred;
	u->has_peercred = true;
	memcpy(&u->peeraddr, &s->addr, sizeof(s->addr));
	u->peeraddrlen = s->addrlen;
	memcpy(&s->peeraddr, &u->addr, sizeof(u->addr));
	s->peeraddrlen = u->addrlen;
	u->was_connected = s->was_connected = true;
	list_add_tail(&s->blink, &l->backlog);
	l->nbacklog++;
	waitq_wake_all(&l->wq);
	return 0;
}

struct file *sock_accept(struct task *t, struct file *f, int flags, struct linux_sockaddr_un *addr, int *alen)
{
	struct usock *l = us(f), *s;

	if (l->type == LINUX_SOCK_DGRAM)
		return ERR_PTR(-EOPNOTSUPP);
	if (l->state != U_LISTENING)
		return ERR_PTR(-EINVAL);
	while (list_empty(&l->backlog)) {
		struct waiter w;
		int r;

		if (f->flags & LINUX_O_NONBLOCK)
			return ERR_PTR(-EAGAIN);
		waitq_add(&l->wq, &w, t);
		r = task_sleep(t, unix_deadline(l->rcvtimeo), NULL, 0, true);
		waitq_del(&w);
		if (r == -EINTR)
			return ERR_PTR(-ERESTARTSYS);
		if (r == -ETIMEDOUT)
			return ERR_PTR(-EAGAIN);
	}
	s = list_first_entry(&l->backlog, struct usock, blink);
	list_del(&s->blink);
	l->nbacklog--;
	waitq_wake_all(&l->wq);
	if (addr) {
		struct usock *p = s->peer;

		memset(addr, 0, sizeof(*addr));
		addr->sun_family = LINUX_AF_UNIX;
		*alen = 2;
		if (p && p->addrlen) {
			memcpy(addr, &p->addr, (size_t)p->addrlen);
			*alen = p->addrlen;
		}
	}
	/* The backlog's reference becomes the file's. */
	return sock_file(s, flags);
}

int sock_shutdown(struct file *f, int how)
{
	struct usock *u = us(f), *p = u->peer;

	if (how < LINUX_SHUT_RD || how > LINUX_SHUT_RDWR)
		return -EINVAL;
	if (unix_is_conn(u) && u->state != U_CONNECTED)
		return -ENOTCONN;
	if (how != LINUX_SHUT_WR)
		u->shut_rd = true;
	if (how != LINUX_SHUT_RD)
		u->shut_wr = true;
	waitq_wake_all(&u->wq);
	if (p)
		waitq_wake_all(&p->wq);
	return 0;
}

int sock_getname(struct file *f, bool peer, struct linux_sockaddr_un *addr, int *len)
{
	struct usock *u = us(f), *s = peer ? u->peer : u;

	memset(addr, 0, sizeof(*addr));
	addr->sun_family = (uint16_t)u->family;
	*len = is_inet(u) ? inet_len(u->family) : 2;
	if (peer) {
		if (!u->was_connected || (u->type == LINUX_SOCK_DGRAM && !u->peer))
			return -ENOTCONN;
		if (s && s->addrlen) { /* a socketpair peer bound later, or a live peer */
			memcpy(addr, &s->addr, (size_t)s->addrlen);
			*len = s->addrlen;
		} else if (u->peeraddrlen) {
			memcpy(addr, &u->peeraddr, (size_t)u->peeraddrlen);
			*len = u->peeraddrlen;
		}
		return 0;
	}
	if (s->addrlen) {
		memcpy(addr, &s->addr, (size_t)s->addrlen);
		*len = s->addrlen;
	}
	return 0;
}

