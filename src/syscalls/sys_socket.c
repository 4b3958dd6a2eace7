/* SPDX-License-Identifier: MIT */
/* Socket syscalls: decoding of addresses, iovecs and control messages; the work is in net/. */
#include <string.h>
#include "abi/errno.h"
#include "fs/vfs/vfs.h"
#include "kernel/task.h"
#include "lib/err.h"
#include "lib/kstd.h"
#include "lib/log.h"
#include "mm/uaccess.h"
#include "net/net.h"
#include "syscalls/syscalls.h"

#define MAX_GATHER (1 << 20)
#define MAX_SCM_FDS 253 /* SCM_MAX_FD */

static struct file *sock_get(struct task *t, int fd, long *err)
{
	struct file *f = fd_get(t, fd);

	if (!f) {
		*err = -EBADF;
		return NULL;
	}
	if (!file_is_socket(f)) {
		file_put(f);
		*err = -ENOTSOCK;
		return NULL;
	}
	return f;
}

static long install(struct task *t, struct file *f, int flags)
{
	long r = fd_install(t, f, 0, flags & LINUX_SOCK_CLOEXEC);

	if (r < 0)
		file_put(f);
	return r;
}

/* socket(2). AF_UNIX only; other families are EAFNOSUPPORT (logged once). */
long sys_socket(struct task *t, const struct syscall_args *a)
{
	struct file *f = sock_create(t, ARG_INT(0), ARG_INT(1), ARG_INT(2));
	static bool logged;

	if (IS_ERR(f)) {
		if (PTR_ERR(f) == -EAFNOSUPPORT && !logged) {
			logged = true;
			log_msg("socket family %d is not supported yet (EAFNOSUPPORT); only AF_UNIX", ARG_INT(0));
		}
		return PTR_ERR(f);
	}
	return install(t, f, ARG_INT(1));
}

/* socketpair(2). */
long sys_socketpair(struct task *t, const struct syscall_args *a)
{
	struct file *x, *y;
	int32_t fds[2];
	long r = sock_socketpair(t, ARG_INT(0), ARG_INT(1), ARG_INT(2), &x, &y);

	if (r < 0)
		return r;
	fds[0] = (int32_t)install(t, x, ARG_INT(1));
	if (fds[0] < 0) {
		file_put(y);
		return fds[0];
	}
	fds[1] = (int32_t)install(t, y, ARG_INT(1));
	if (fds[1] < 0) {
		fd_close(t, fds[0]);
		return fds[1];
	}
	if (copy_to_user(t->mm, a->a[3], fds, sizeof(fds))) {
		fd_close(t, fds[0]);
		fd_close(t, fds[1]);
		return -EFAULT;
	}
	return 0;
}

static long get_addr(struct task *t, uaddr_t uaddr, uint64_t len, struct linux_sockaddr_un *addr)
{
	memset(addr, 0, sizeof(*addr));
	if ((int64_t)(int32_t)len < 0 || len > sizeof(*addr))
		return -EINVAL;
	if (copy_from_user(t->mm, addr, uaddr, len))
		return -EFAULT;
	return (long)len;
}

/* Writes a socket address back: truncated to the buffer, the real length in *ulen. */
static long put_addr(struct task *t, uaddr_t uaddr, uaddr_t ulen, const struct linux_sockaddr_un *addr, int len)
{
	int32_t have;

	if (!uaddr || !ulen)
		return 0;
	if (copy_from_user(t->mm, &have, ulen, 4))
		return -EFAULT;
	if (have < 0)
		return -EINVAL;
	if (copy_to_user(t->mm, uaddr, addr, (size_t)MIN(have, len)) || copy_to_user(t->mm, ulen, &len, 4))
		return -EFAULT;
	return 0;
}

typedef int (*addr_op_fn)(struct task *t, struct file *f, const struct linux_sockaddr_un *addr, int len);

/* The shared shape of bind(2) and connect(2): fd, guest address, length. */
static long with_addr(struct task *t, const struct syscall_args *a, addr_op_fn op)
{
	struct linux_sockaddr_un addr;
	struct file *f;
	long r;

	f = sock_get(t, ARG_INT(0), &r);
	if (!f)
		return r;
	r = get_addr(t, a->a[1], a->a[2], &addr);
	if (r >= 0)
		r = op(t, f, &addr, (int)r);
	file_put(f);
	return r;
}

/* bind(2). */
long sys_bind(struct task *t, const struct syscall_args *a)
{
	return with_addr(t, a, sock_bind);
}

/* The shared shape of listen(2) and shutdown(2): fd and one int. */
static long with_int(struct task *t, const struct syscall_args *a, int (*op)(struct file *f, int arg))
{
	struct file *f;
	long r;

	f = sock_get(t, ARG_INT(0), &r);
	if (!f)
		return r;
	r = op(f, ARG_INT(1));
	file_put(f);
	return r;
}

/* listen(2). */
long sys_listen(struct task *t, const struct syscall_args *a)
{
	return with_int(t, a, sock_listen);
}

/* connect(2). */
long sys_connect(struct task *t, const struct syscall_args *a)
{
	return with_addr(t, a, sock_connect);
}

static long do_accept(struct task *t, const struct syscall_args *a, int flags)
{
	struct linux_sockaddr_un addr;
	struct file *f, *n;
	int alen = 0;
	long r;

	if (flags & ~(LINUX_SOCK_NONBLOCK | LINUX_SOCK_CLOEXEC))
		return -EINVAL;
	f = sock_get(t, ARG_INT(0), &r);
	if (!f)
		return r;
	n = sock_accept(t, f, flags, &addr, &alen);
	file_put(f);
	if (IS_ERR(n))
		return PTR_ERR(n);
	r = put_addr(t, a->a[1], a->a[2], &addr, alen);
	if (r < 0) {
		file_put(n);
		return r;
	}
	return install(t, n, flags);
}

/* accept(2). */
long sys_accept(struct task *t, const struct syscall_args *a)
{
	return do_accept(t, a, 0);
}

/* accept4(2). */
long sys_accept4(struct task *t, const struct syscall_args *a)
{
	return do_accept(t, a, ARG_INT(3));
}

static long getname_(struct task *t, const struct syscall_args *a, bool peer)
{
	struct linux_sockaddr_un addr;
	struct file *f;
	int len;
	long r;

	f = sock_get(t, ARG_INT(0), &r);
	if (!f)
		return r;
	r = sock_getname(f, peer, &addr, &len);
	file_put(f);
	return r < 0 ? r : put_addr(t, a->a[1], a->a[2], &addr, len);
}

/* getsockname(2). */
long sys_getsockname(struct task *t, const struct syscall_args *a)
{
	return getname_(t, a, false);
}

/* getpeername(2). */
long sys_getpeername(struct task *t, const struct syscall_args *a)
{
	return getname_(t, a, true);
}

/* shutdown(2). */
long sys_shutdown(struct task *t, const struct syscall_args *a)
{
	return with_int(t, a, sock_shutdown);
}

/* setsockopt(2). */
long sys_setsockopt(struct task *t, const struct syscall_args *a)
{
	char val[64];
	struct file *f;
	size_t len = a->a[4];
	long r;

	f = sock_get(t, ARG_INT(0), &r);
	if (!f)
		return r;
	if ((int)len < 0)
		r = -EINVAL;
	else if (copy_from_user(t->mm, val, a->a[3], MIN(len, sizeof(val))))
		r = -EFAULT;
	else
		r = sock_setsockopt(t, f, ARG_INT(1), ARG_INT(2), val, MIN(len, sizeof(val)));
	file_put(f);
	return r;
}

/* getsockopt(2). */
long sys_getsockopt(struct task *t, const struct syscall_args *a)
{
	char val[64];
	struct file *f;
	int32_t ulen;
	size_t len;
	long r;

	f = sock_get(t, ARG_INT(0), &r);
	if (!f)
		return r;
	if (copy_from_user(t->mm, &ulen, a->a[4], 4)) {
		r = -EFAULT;
		goto out;
	}
	if (ulen < 0) {
		r = -EINVAL;
		goto out;
	}
	len = MIN((size_t)ulen, sizeof(val));
	r = sock_getsockopt(t, f, ARG_INT(1), ARG_INT(2), val, &len);
	if (r == 0) {
		ulen = (int32_t)len;
		if (copy_to_user(t->mm, a->a[3], val, len) || copy_to_user(t->mm, a->a[4], &ulen, 4))
			r = -EFAULT;
	}
out:
	file_put(f);
	return r;
}

#define UIO_MAXIOV 1024

/* Reads a guest iovec array of n (<= UIO_MAXIOV) entries; NULL and *err on failure. */
static struct linux_iovec *get_iov(struct task *t, uaddr_t uiov, uint64_t n, long *err)
{
	struct linux_iovec *iov;

	if (n > UIO_MAXIOV) {
		*err = -EMSGSIZE;
		return NULL;
	}
	iov = kmalloc(sizeof(*iov) * (n ? n : 1));
	if (n && copy_from_user(t->mm, iov, uiov, sizeof(*iov) * n)) {
		kfree(iov);
		*err = -EFAULT;
		return NULL;
	}
	return iov;
}

/* Gathers the iovec into one buffer (at most MAX_GATHER bytes). */
static long gather(struct task *t, uaddr_t uiov, uint64_t n, char **out, size_t *outlen, bool copy)
{
	size_t total = 0, at = 0;
	struct linux_iovec *iov;
	long r = 0;
	uint64_t i;

	iov = get_iov(t, uiov, n, &r);
	if (!iov)
		return r;
	for (i = 0; i < n; i++) {
		if ((int64_t)iov[i].len < 0) {
			kfree(iov);
			return -EINVAL;
		}
		total += iov[i].len;
	}
	total = MIN(total, (size_t)MAX_GATHER);
	*out = kmalloc(total ? total : 1);
	*outlen = total;
	for (i = 0; copy && i < n && at < total; i++) {
		size_t c = MIN(iov[i].len, total - at);

		if (copy_from_user(t->mm, *out + at, iov[i].base, c)) {
			kfree(*out);
			r = -EFAULT;
			break;
		}
		at += c;
	}
	kfree(iov);
	return r;
}

static long scatter(struct task *t, uaddr_t uiov, uint64_t n, const char *buf, size_t len)
{
	struct linux_iovec *iov;
	size_t at = 0;
	long r = 0;
	uint64_t i;

	iov = get_iov(t, uiov, n, &r);
	if (!iov)
		return r;
	for (i = 0; i < n && at < len; i++) {
		size_t c = MIN(iov[i].len, len - at);

		if (copy_to_user(t->mm, iov[i].base, buf + at, c)) {
			r = -EFAULT;
			break;
		}
		at += c;
	}
	kfree(iov);
	return r;
}

/* Parses SCM_RIGHTS and SCM_CREDENTIALS from the control buffer. */
static long parse_control(struct task *t, uaddr_t uctl, uint64_t len, struct file ***fds, int *nfds,
			  struct linux_ucred *cred, bool *has_cred)
{
	char *buf;
	uint64_t off = 0;
	long r = 0;

	*nfds = 0;
	*fds = NULL;
	*has_cred = false;
	if (!uctl || !len)
		return 0;
	if (len > 65536)
		return -ENOBUFS;
	buf = kmalloc(len);
	if (copy_from_user(t->mm, buf, uctl, len)) {
		kfree(buf);
		return -EFAULT;
	}
	while (off + sizeof(struct linux_cmsghdr) <= len) {
		struct linux_cmsghdr *c = (struct linux_cmsghdr *)(buf + off);
		uint64_t dlen;

		if (c->cmsg_len < sizeof(*c) || off + c->cmsg_len > len) {
			r = -EINVAL;
			break;
		}
		dlen = c->cmsg_len - sizeof(*c);
		if (c->cmsg_level == LINUX_SOL_SOCKET && c->cmsg_type == LINUX_SCM_RIGHTS) {
			int n = (int)(dlen / 4), i;
			int32_t *ids = (int32_t *)(c + 1);

			if (*nfds + n > MAX_SCM_FDS) {
				r = -EINVAL;
				break;
			}
			*fds = krealloc(*fds, sizeof(struct file *) * (size_t)(*nfds + n));
			for (i = 0; i < n; i++) {
				struct file *f = fd_get(t, ids[i]);

				if (!f) {
					r = -EBADF;
					break;
				}
				(*fds)[(*nfds)++] = f;
			}
			if (r < 0)
				break;
		} else if (c->cmsg_level == LINUX_SOL_SOCKET && c->cmsg_type == LINUX_SCM_CREDENTIALS) {
			struct linux_ucred cr;

			if (dlen < sizeof(cr)) {
				r = -EINVAL;
				break;
			}
			memcpy(&cr, c + 1, sizeof(cr));
			/* Only root may claim another process's credentials. */
			if (t->tg->cred.euid != 0 &&
			    (cr.pid != t->tg->tgid || cr.uid != t->tg->cred.uid || cr.gid != t->tg->cred.gid)) {
				r = -EPERM;
				break;
			}
			*cred = cr;
			*has_cred = true;
		} else {
			r = -EINVAL;
			break;
		}
		off += LINUX_CMSG_ALIGN(c->cmsg_len);
	}
	kfree(buf);
	if (r < 0) {
		while (*nfds > 0)
			file_put((*fds)[--*nfds]);
		kfree(*fds);
		*fds = NULL;
	}
	return r;
}

static long do_sendmsg(struct task *t, int fd, const struct linux_msghdr *mh, int flags)
{
	struct linux_sockaddr_un to;
	struct linux_ucred cred;
	struct file *f, **fds = NULL;
	bool has_cred;
	int nfds = 0, tolen = 0;
	size_t len;
	char *buf;
	long r;

	f = sock_get(t, fd, &r);
	if (!f)
		return r;
	if (mh->msg_name && mh->msg_namelen) {
		r = get_addr(t, mh->msg_name, mh->msg_namelen, &to);
		if (r < 0)
			goto out;
		tolen = (int)r;
	}
	r = gather(t, mh->msg_iov, mh->msg_iovlen, &buf, &len, true);
	if (r < 0)
		goto out;
	r = parse_control(t, mh->msg_control, mh->msg_controllen, &fds, &nfds, &cred, &has_cred);
	if (r == 0)
		r = sock_send(t, f, buf, len, flags, fds, nfds, has_cred ? &cred : NULL, tolen ? &to : NULL, tolen);
	kfree(buf);
out:
	file_put(f);
	return r;
}

/* Writes control messages for what the message carried; installs passed fds. */
static long put_control(struct task *t, struct linux_msghdr *mh, struct sock_recv_extra *ex, int flags)
{
	uint64_t cap = mh->msg_control ? mh->msg_controllen : 0, off = 0;
	char buf[sizeof(struct linux_cmsghdr) + 4 * MAX_SCM_FDS + 64];

	if (ex->has_cred) {
		struct linux_cmsghdr c = { sizeof(c) + sizeof(ex->cred), LINUX_SOL_SOCKET, LINUX_SCM_CREDENTIALS };

		if (off + LINUX_CMSG_ALIGN(c.cmsg_len) <= cap) {
			memcpy(buf, &c, sizeof(c));
			memcpy(buf + sizeof(c), &ex->cred, sizeof(ex->cred));
			if (copy_to_user(t->mm, mh->msg_control + off, buf, c.cmsg_len))
				return -EFAULT;
			off += LINUX_CMSG_ALIGN(c.cmsg_len);
		} else {
			mh->msg_flags |= LINUX_MSG_CTRUNC;
		}
	}
	if (ex->nfds) {
		struct linux_cmsghdr c = { sizeof(c), LINUX_SOL_SOCKET, LINUX_SCM_RIGHTS };
		int fit = cap > off + sizeof(c) ? (int)((cap - off - sizeof(c)) / 4) : 0, i, n = 0;
		int32_t *ids = (int32_t *)(buf + sizeof(c));

		for (i = 0; i < ex->nfds; i++) {
			long fd = -1;

			if (i < fit)
				fd = fd_install(t, ex->fds[i], 0, flags & LINUX_MSG_CMSG_CLOEXEC);
			if (fd < 0) {
				file_put(ex->fds[i]);
				mh->msg_flags |= LINUX_MSG_CTRUNC;
				continue;
			}
			ids[n++] = (int32_t)fd;
		}
		ex->nfds = 0;
		if (n) {
			c.cmsg_len = sizeof(c) + 4 * (uint64_t)n;
			memcpy(buf, &c, sizeof(c));
			if (copy_to_user(t->mm, mh->msg_control + off, buf, c.cmsg_len))
				return -EFAULT;
			off += LINUX_CMSG_ALIGN(c.cmsg_len);
		}
	}
	mh->msg_controllen = off;
	return 0;
}

static long do_recvmsg(struct task *t, int fd, struct linux_msghdr *mh, int flags)
{
	struct sock_recv_extra ex;
	struct file *f;
	size_t len;
	char *buf;
	long r, rc;

	f = sock_get(t, fd, &r);
	if (!f)
		return r;
	r = gather(t, mh->msg_iov, mh->msg_iovlen, &buf, &len, false);
	if (r < 0)
		goto out;
	memset(&ex, 0, sizeof(ex));
	r = sock_recv(t, f, buf, len, flags, &ex);
	mh->msg_flags = ex.msg_flags;
	if (r >= 0) {
		rc = scatter(t, mh->msg_iov, mh->msg_iovlen, buf, MIN((size_t)r, len));
		if (rc == 0 && mh->msg_name) {
			uint32_t want = mh->msg_namelen;

			if (ex.fromlen)
				rc = copy_to_user(t->mm, mh->msg_name, &ex.from, MIN(want, (uint32_t)ex.fromlen));
			mh->msg_namelen = (uint32_t)ex.fromlen;
		}
		if (rc == 0)
			rc = put_control(t, mh, &ex, flags);
		if (rc < 0)
			r = rc;
	}
	while (ex.nfds > 0)
		file_put(ex.fds[--ex.nfds]);
	kfree(ex.fds);
	kfree(buf);
out:
	file_put(f);
	return r;
}

/* sendto(2). */
long sys_sendto(struct task *t, const struct syscall_args *a)
{
	size_t len = MIN(a->a[2], (uint64_t)MAX_GATHER);
	struct linux_sockaddr_un to;
	int tolen = 0;
	struct file *f;
	char *buf;
	long r;

	f = sock_get(t, ARG_INT(0), &r);
	if (!f)
		return r;
	if (a->a[4] && a->a[5]) {
		r = get_addr(t, a->a[4], a->a[5], &to);
		if (r < 0) {
			file_put(f);
			return r;
		}
		tolen = (int)r;
	}
	buf = kmalloc(len ? len : 1);
	if (copy_from_user(t->mm, buf, a->a[1], len))
		r = -EFAULT;
	else
		r = sock_send(t, f, buf, len, ARG_INT(3), NULL, 0, NULL, tolen ? &to : NULL, tolen);
	kfree(buf);
	file_put(f);
	return r;
}

/* recvfrom(2). */
long sys_recvfrom(struct task *t, const struct syscall_args *a)
{
	struct sock_recv_extra ex;
	size_t len = MIN(a->a[2], (uint64_t)MAX_GATHER);
	struct file *f;
	char *buf;
	long r;

	f = sock_get(t, ARG_INT(0), &r);
	if (!f)
		return r;
	buf = kmalloc(len ? len : 1);
	memset(&ex, 0, sizeof(ex));
	r = sock_recv(t, f, buf, len, ARG_INT(3), &ex);
	if (r > 0 && copy_to_user(t->mm, a->a[1], buf, MIN((size_t)r, len)))
		r = -EFAULT;
	if (r >= 0 && a->a[4]) {
		long rc;

		rc = put_addr(t, a->a[4], a->a[5], &ex.from, ex.fromlen);
		if (rc < 0)
			r = rc;
	}
	while (ex.nfds > 0)
		file_put(ex.fds[--ex.nfds]);
	kfree(ex.fds);
	kfree(buf);
	file_put(f);
	return r;
}

/* sendmsg(2). */
long sys_sendmsg(struct task *t, const struct syscall_args *a)
{
	struct linux_msghdr mh;

	if (copy_from_user(t->mm, &mh, a->a[1], sizeof(mh)))
		return -EFAULT;
	return do_sendmsg(t, ARG_INT(0), &mh, ARG_INT(2));
}

/* recvmsg(2). */
long sys_recvmsg(struct task *t, const struct syscall_args *a)
{
	struct linux_msghdr mh;
	long r;

	if (copy_from_user(t->mm, &mh, a->a[1], sizeof(mh)))
		return -EFAULT;
	r = do_recvmsg(t, ARG_INT(0), &mh, ARG_INT(2));
	if (r >= 0 && copy_to_user(t->mm, a->a[1], &mh, sizeof(mh)))
		return -EFAULT;
	return r;
}

/* sendmmsg(2). */
long sys_sendmmsg(struct task *t, const struct syscall_args *a)
{
	unsigned n = (unsigned)MIN(a->a[2], (uint64_t)1024), i;
	long r = 0;

	for (i = 0; i < n; i++) {
		struct linux_mmsghdr m;

		if (copy_from_user(t->mm, &m, a->a[1] + i * sizeof(m), sizeof(m)))
			return i ? (long)i : -EFAULT;
		r = do_sendmsg(t, ARG_INT(0), &m.msg_hdr, ARG_INT(3));
		if (r < 0)
			break;
		m.msg_len = (uint32_t)r;
		if (copy_to_user(t->mm, a->a[1] + i * sizeof(m), &m, sizeof(m)))
			return i ? (long)i : -EFAULT;
	}
	return i ? (long)i : r;
}

/* recvmmsg(2). The timeout is not supported (EINVAL when given). */
long sys_recvmmsg(struct task *t, const struct syscall_args *a)
{
	unsigned n = (unsigned)MIN(a->a[2], (uint64_t)1024), i;
	int flags = ARG_INT(3);
	long r = 0;

	if (a->a[4])
		return -EINVAL;
	for (i = 0; i < n; i++) {
		struct linux_mmsghdr m;

		if (copy_from_user(t->mm, &m, a->a[1] + i * sizeof(m), sizeof(m)))
			return i ? (long)i : -EFAULT;
		r = do_recvmsg(t, ARG_INT(0), &m.msg_hdr, flags);
		if (r < 0)
			break;
		m.msg_len = (uint32_t)r;
		if (copy_to_user(t->mm, a->a[1] + i * sizeof(m), &m, sizeof(m)))
			return -EFAULT;
		if (flags & 0x10000) /* MSG_WAITFORONE */
			flags |= LINUX_MSG_DONTWAIT;
	}
	return i ? (long)i : r;
}
