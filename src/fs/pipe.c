/* SPDX-License-Identifier: MIT */
/*
 * Pipes: a 64 KiB ring buffer with readers and writers counts. Writes of at
 * most PIPE_BUF bytes are atomic; writing with no reader raises SIGPIPE and
 * fails with EPIPE (Linux fs/pipe.c).
 */
#include <string.h>
#include "abi/errno.h"
#include "fs/vfs/vfs.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/kstd.h"

#define PIPE_SIZE 65536
#define PIPE_BUF_ 4096

struct pipe {
	int refs;
	char *buf;
	size_t head, len;
	int readers, writers;
	struct waitq rq, wq;
	uint64_t ino;
};

static const struct file_ops pipe_ops;

bool file_is_pipe(struct file *f)
{
	return f->ops == &pipe_ops;
}

static long pipe_read(struct file *f, void *buf, size_t n, int64_t *pos)
{
	struct pipe *p = f->priv;
	size_t done = 0;

	(void)pos;
	if (!n)
		return 0;
	while (p->len == 0) {
		struct waiter w;
		int r;

		if (p->writers == 0)
			return 0;
		if (f->flags & LINUX_O_NONBLOCK)
			return -EAGAIN;
		waitq_add(&p->rq, &w, current);
		r = task_sleep(current, -1, NULL, 0, true);
		waitq_del(&w);
		if (r == -EINTR)
			return -ERESTARTSYS;
	}
	while (done < n && p->len) {
		size_t chunk = MIN(n - done, MIN(p->len, PIPE_SIZE - p->head));

		memcpy((char *)buf + done, p->buf + p->head, chunk);
		p->head = (p->head + chunk) % PIPE_SIZE;
		p->len -= chunk;
		done += chunk;
	}
	if (p->len == 0)
		p->head = 0;
	waitq_wake_all(&p->wq);
	return (long)done;
}

static long pipe_write(struct file *f, const void *buf, size_t n, int64_t *pos)
{
	struct pipe *p = f->priv;
	size_t done = 0;

	(void)pos;
	while (done < n) {
		size_t space, chunk;
		struct waiter w;
		int r;

		if (p->readers == 0) {
			struct linux_siginfo info;

			signal_info_user(&info, LINUX_SIGPIPE, LINUX_SI_USER);
			signal_send_task(current, LINUX_SIGPIPE, &info);
			return done ? (long)done : -EPIPE;
		}
		space = PIPE_SIZE - p->len;
		/* Small writes go in whole or not at all. */
		if (space && (n - done > PIPE_BUF_ || space >= n - done)) {
			chunk = MIN(space, n - done);
			while (chunk) {
				size_t tail = (p->head + p->len) % PIPE_SIZE;
				size_t c = MIN(chunk, PIPE_SIZE - tail);

				memcpy(p->buf + tail, (const char *)buf + done, c);
				p->len += c;
				done += c;
				chunk -= c;
			}
			waitq_wake_all(&p->rq);
			continue;
		}
		if (f->flags & LINUX_O_NONBLOCK)
			return done ? (long)done : -EAGAIN;
		waitq_add(&p->wq, &w, current);
		r = task_sleep(current, -1, NULL, 0, true);
		waitq_del(&w);
		if (r == -EINTR)
			return done ? (long)done : -ERESTARTSYS;
	}
	return (long)done;
}

static unsigned pipe_poll(struct file *f, struct poll_table *pt)
{
	struct pipe *p = f->priv;
	unsigned m = 0;

	if (file_can_read(f)) {
		poll_wait(pt, &p->rq);
		if (p->len)
			m |= LINUX_POLLIN | LINUX_POLLRDNORM;
		if (!p->writers)
			m |= LINUX_POLLHUP;
	}
	if (file_can_write(f)) {
		poll_wait(pt, &p->wq);
		if (PIPE_SIZE - p->len >= PIPE_BUF_)
			m |= LINUX_POLLOUT | LINUX_POLLWRNORM;
		if (!p->readers)
			m |= LINUX_POLLERR;
	}
	return m;
}

static void pipe_release(struct file *f)
{
	struct pipe *p = f->priv;

	if (file_can_read(f))
		p->readers--;
	if (file_can_write(f))
		p->writers--;
	waitq_wake_all(&p->rq);
	waitq_wake_all(&p->wq);
	if (--p->refs == 0) {
		kfree(p->buf);
		kfree(p);
	}
}

long pipe_ioctl_nread(struct file *f)
{
	return (long)((struct pipe *)f->priv)->len;
}

static struct file *pipe_file(struct pipe *p, int flags)
{
	struct file *f = file_new(&pipe_ops, flags);
	char name[40];

	f->priv = p;
	p->refs++;
	if (file_can_read(f))
		p->readers++;
	if (file_can_write(f))
		p->writers++;
	f->inode = inode_new(NULL, S_IFIFO_ | 0600);
	f->inode->ino = p->ino;
	ksnprintf(name, sizeof(name), "pipe:[%llu]", (unsigned long long)p->ino);
	f->anon_name = kstrdup(name);
	return f;
}

static struct file *pipe_reopen(struct file *f, int flags)
{
	return pipe_file(f->priv, flags & (LINUX_O_ACCMODE | LINUX_O_NONBLOCK));
}

static const struct file_ops pipe_ops = {
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
	.release = pipe_release,
	.reopen = pipe_reopen,
};

int pipe_create(struct file **rd, struct file **wr, int flags)
{
	struct pipe *p = kzalloc(sizeof(*p));

	p->buf = kmalloc(PIPE_SIZE);
	waitq_init(&p->rq);
	waitq_init(&p->wq);
	p->ino = vfs_next_ino();
	*rd = pipe_file(p, LINUX_O_RDONLY | (flags & LINUX_O_NONBLOCK));
	*wr = pipe_file(p, LINUX_O_WRONLY | (flags & LINUX_O_NONBLOCK));
	return 0;
}
