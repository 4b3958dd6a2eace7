/* SPDX-License-Identifier: MIT */
/* Sending and receiving on ukern's sockets: messages, flow control, passed files and credentials. */
#include <string.h>
#include "abi/errno.h"
#include "fs/vfs/vfs.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/kstd.h"
#include "net/internal.h"
#include "net/net.h"

static struct usock *us(struct file *f)
{
	return f->priv;
}

static bool fits(struct usock *dst, size_t len)
{
	return dst->rq_bytes + len <= dst->rcvbuf || dst->rq_bytes == 0;
}

long sock_send(struct task *t, struct file *f, const void *buf, size_t len, int flags, struct file **fds, int nfds,
	       const struct linux_ucred *cred, const struct linux_sockaddr_un *to, int tolen)
{
	struct usock *u = us(f), *dst;
	size_t done = 0;
	long r = 0;
	int i;

	if (flags & LINUX_MSG_OOB) {
		r = -EOPNOTSUPP;
		goto fail;
	}
	if (u->type == LINUX_SOCK_DGRAM) {
		int err = -ENOTCONN;

		if (to && tolen && is_inet(u)) {
			dst = inet_lookup(u, to, tolen, &err);
			if (dst || err == -ECONNREFUSED) {
				int e = inet_autobind(u);

				if (e < 0)
					err = e;
			}
			if (!dst && err == -ECONNREFUSED) {
				/* UDP to a closed port is silently dropped. */
				r = (long)len;
				goto fail;
			}
		} else if (to && tolen) {
			dst = unix_lookup(t, to, tolen, &err);
		} else {
			dst = u->peer;
		}
		if (!dst) {
			r = err;
			if (u->peer_gone && !to) { /* a socketpair peer went away */
				u->peer_gone = false;
				r = -ECONNREFUSED;
			}
			goto fail;
		}
		if (dst == u->peer && dst->closed) {
			/* The connected peer went away: refused once, then not connected. */
			unix_disconnect(u);
			u->state = U_UNCONNECTED;
			r = -ECONNREFUSED;
			goto fail;
		}
		if (dst->type != LINUX_SOCK_DGRAM) {
			r = -EPROTOTYPE;
			goto fail;
		}
		if (len > u->sndbuf) {
			r = -EMSGSIZE;
			goto fail;
		}
		if (dst->peer && dst->peer != u && !dst->peer->closed) {
			r = -EPERM; /* connected to someone else */
			goto fail;
		}
	} else {
		if (to && tolen && u->state != U_CONNECTED) {
			r = u->type == LINUX_SOCK_STREAM && !is_inet(u) ? -EOPNOTSUPP : -ENOTCONN;
			goto fail;
		}
		if (is_inet(u) && u->state != U_CONNECTED && !u->peer_gone) {
			r = -EPIPE;
			if (!(flags & LINUX_MSG_NOSIGNAL)) {
				struct linux_siginfo info;

				signal_info_user(&info, LINUX_SIGPIPE, LINUX_SI_USER);
				signal_send_task(t, LINUX_SIGPIPE, &info);
			}
			goto fail;
		}
		if (u->state != U_CONNECTED && !u->peer_gone) {
			r = -ENOTCONN;
			goto fail;
		}
		dst = u->peer;
		if (u->type == LINUX_SOCK_SEQPACKET && len > u->sndbuf) {
			r = -EMSGSIZE;
			goto fail;
		}
	}
	while (done < len || (len == 0 && done == 0 && r == 0)) {
		size_t chunk;
		struct umsg *m;

		if (u->shut_wr || (unix_is_conn(u) && (!dst || dst->shut_rd || dst->closed))) {
			r = -EPIPE;
			break;
		}
		if (dst->closed && u->type == LINUX_SOCK_DGRAM) {
			r = -ECONNREFUSED;
			break;
		}
		chunk = len - done;
		if (u->type == LINUX_SOCK_STREAM && chunk > dst->rcvbuf / 2)
			chunk = dst->rcvbuf / 2;
		if (!fits(dst, chunk)) {
			struct waiter w;
			int s;

			if ((f->flags & LINUX_O_NONBLOCK) || (flags & LINUX_MSG_DONTWAIT)) {
				r = -EAGAIN;
				break;
			}
			waitq_add(&dst->wq, &w, t);
			dst->refs++;
			s = task_sleep(t, unix_deadline(u->sndtimeo), NULL, 0, true);
			waitq_del(&w);
			unix_put(dst);
			if (s == -EINTR) {
				r = -ERESTARTSYS;
				break;
			}
			if (s == -ETIMEDOUT) {
				r = -EAGAIN;
				break;
			}
			continue;
		}
		m = kzalloc(sizeof(*m));
		m->data = kmalloc(chunk ? chunk : 1);
		memcpy(m->data, (const char *)buf + done, chunk);
		m->len = chunk;
		m->cred = cred ? *cred : unix_cred_of(t);
		if (u->addrlen) {
			memcpy(&m->from, &u->addr, (size_t)u->addrlen);
			m->fromlen = u->addrlen;
		}
		if (nfds) {
			m->fds = fds;
			m->nfds = nfds;
			fds = NULL;
			nfds = 0;
		}
		list_add_tail(&m->link, &dst->rq);
		dst->rq_bytes += chunk;
		waitq_wake_all(&dst->wq);
		done += chunk;
		if (!len)
			break;
	}
	if (r == -EPIPE && !(flags & LINUX_MSG_NOSIGNAL)) {
		struct linux_siginfo info;

		signal_info_user(&info, LINUX_SIGPIPE, LINUX_SI_USER);
		signal_send_task(t, LINUX_SIGPIPE, &info);
	}
	if (done && r != -ERESTARTSYS)
		r = (long)done;
	else if (done)
		r = (long)done;
fail:
	for (i = 0; i < nfds; i++)
		file_put(fds[i]);
	if (nfds)
		kfree(fds);
	return r;
}

long sock_recv(struct task *t, struct file *f, void *buf, size_t len, int flags, struct sock_recv_extra *ex)
{
	struct usock *u = us(f);
	bool peek = flags & LINUX_MSG_PEEK;
	size_t done = 0;

	if (flags & LINUX_MSG_OOB)
		return -EOPNOTSUPP;
	if (u->state == U_LISTENING)
		return -EINVAL;
	if (unix_is_conn(u) && u->state != U_CONNECTED && !u->peer_gone)
		return u->type == LINUX_SOCK_SEQPACKET ? -ENOTCONN : -EINVAL;
	for (;;) {
		if (!list_empty(&u->rq))
			break;
		if (u->err) {
			int e = u->err;

			u->err = 0;
			return -e;
		}
		if (u->shut_rd || (unix_is_conn(u) && (u->peer_gone || (u->peer && u->peer->shut_wr))))
			return 0;
		if (!len && u->type == LINUX_SOCK_STREAM)
			return 0;
		if ((f->flags & LINUX_O_NONBLOCK) || (flags & LINUX_MSG_DONTWAIT))
			return -EAGAIN;
		{
			struct waiter w;
			int r;

			waitq_add(&u->wq, &w, t);
			r = task_sleep(t, unix_deadline(u->rcvtimeo), NULL, 0, true);
			waitq_del(&w);
			if (r == -EINTR)
				return -ERESTARTSYS;
			if (r == -ETIMEDOUT)
				return -EAGAIN;
		}
	}
	while (!list_empty(&u->rq)) {
		struct umsg *m = list_first_entry(&u->rq, struct umsg, link);
		size_t avail = m->len - m->off, take = MIN(avail, len - done);

		/* Stream reads stop before a message carrying files, once data was read. */
		if (done && m->nfds)
			break;
		memcpy((char *)buf + done, m->data + m->off, take);
		done += take;
		if (ex && (m->nfds || u->passcred) && !ex->nfds && !ex->has_cred) {
			if (u->passcred) {
				ex->has_cred = true;
				ex->cred = m->cred;
			}
			if (m->nfds && !peek) {
				ex->fds = m->fds;
				ex->nfds = m->nfds;
				m->fds = NULL;
				m->nfds = 0;
			} else if (m->nfds) {
				int i;

				ex->fds = kmalloc(sizeof(struct file *) * (size_t)m->nfds);
				for (i = 0; i < m->nfds; i++) {
					ex->fds[i] = m->fds[i];
					file_get(ex->fds[i]);
				}
				ex->nfds = m->nfds;
			}
		}
		if (ex && !ex->fromlen && m->fromlen) {
			memcpy(&ex->from, &m->from, (size_t)m->fromlen);
			ex->fromlen = m->fromlen;
		}
		if (u->type != LINUX_SOCK_STREAM) {
			/* One datagram per call; what does not fit is lost. */
			if (avail > take && ex)
				ex->msg_flags |= LINUX_MSG_TRUNC;
			if (flags & LINUX_MSG_TRUNC)
				done = avail;
			if (!peek) {
				list_del(&m->link);
				u->rq_bytes -= m->len;
				unix_msg_free(m);
			}
			break;
		}
		if (peek) {
			if (take < avail || done == len)
				break;
			/* Peeking past the first message is not supported: one message's worth. */
			break;
		}
		m->off += take;
		u->rq_bytes -= take; /* rq_bytes counts unread bytes */
		if (m->off == m->len) {
			list_del(&m->link);
			unix_msg_free(m);
		}
		if (done == len)
			break;
		if (!(flags & LINUX_MSG_WAITALL) && list_empty(&u->rq))
			break;
		if (list_empty(&u->rq))
			break;
	}
	waitq_wake_all(&u->wq);
	return (long)done;
}

