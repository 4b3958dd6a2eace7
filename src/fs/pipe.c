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

#define PIPE_DEF_SIZE 65536
#define PIPE_MAX_SIZE (1 << 20)
#define PIPE_BUF_ 4096

struct pipe {
	int refs;
	char *buf;
	size_t size;	   /* capacity (F_SETPIPE_SZ) */
	size_t head, len;
	int readers, writers;
	struct waitq rq, wq;
	uint64_t ino;
	bool packet;	   /* O_DIRECT: every write is a packet */
	uint32_t *pkts;	   /* packet lengths in order */
	size_t npkts;
	/* Named pipes (FIFOs): the inode they belong to. */
	uint64_t fifo_dev, fifo_ino;
	struct list_head fifo_link;
	unsigned rd_opens, wr_opens; /* counters, for blocking opens */
};

static struct list_head fifos = LIST_HEAD_INIT(fifos);

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
	if (p->packet && p->npkts) {
		/* One packet per read; what does not fit is discarded. */
		size_t plen = p->pkts[0], take = MIN(n, plen), skip = plen - take;

		while (done < take) {
			size_t chunk = MIN(take - done, p->size - p->head);

			memcpy((char *)buf + done, p->buf + p->head, chunk);
			p->head = (p->head + chunk) % p->size;
			p->len -= chunk;
			done += chunk;
		}
		p->head = (p->head + skip) % p->size;
		p->len -= skip;
		memmove(p->pkts, p->pkts + 1, (--p->npkts) * sizeof(uint32_t));
		n = 0;
	}
	while (done < n && p->len) {
		size_t chunk = MIN(n - done, MIN(p->len, p->size - p->head));

		memcpy((char *)buf + done, p->buf + p->head, chunk);
		p->head = (p->head + chunk) % p->size;
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
		space = p->size - p->len;
		/* Small writes go in whole or not at all. */
		if (space && (n - done > PIPE_BUF_ || space >= n - done)) {
			chunk = MIN(space, n - done);
			if (p->packet) {
				chunk = MIN(chunk, (size_t)PIPE_BUF_);
				p->pkts = krealloc(p->pkts, (p->npkts + 1) * sizeof(uint32_t));
				p->pkts[p->npkts++] = (uint32_t)chunk;
			}
			while (chunk) {
				size_t tail = (p->head + p->len) % p->size;
				size_t c = MIN(chunk, p->size - tail);

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
		if (p->size - p->len >= MIN(p->size, (size_t)PIPE_BUF_))
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
		if (p->fifo_ino)
			list_del(&p->fifo_link);
		kfree(p->pkts);
		kfree(p->buf);
		kfree(p);
	}
}

long pipe_ioctl_nread(struct file *f)
{
	return (long)((struct pipe *)f->priv)->len;
}

long pipe_set_size(struct file *f, long size)
{
	struct pipe *p = f->priv;
	size_t n = 4096;
	char *nb;

	if (size < 0)
		return -EINVAL;
	while (n < (size_t)size)
		n *= 2;
	if (n > PIPE_MAX_SIZE)
		return -EPERM;
	if (n < p->len)
		return -EBUSY;
	if (size == 0)
		return (long)p->size;
	nb = kmalloc(n);
	for (size_t i = 0; i < p->len; i++)
		nb[i] = p->buf[(p->head + i) % p->size];
	kfree(p->buf);
	p->buf = nb;
	p->head = 0;
	p->size = n;
	waitq_wake_all(&p->wq);
	return (long)n;
}

long pipe_peek(struct file *f, void *buf, size_t n)
{
	struct pipe *p = f->priv;
	size_t i;

	n = MIN(n, p->len);
	for (i = 0; i < n; i++)
		((char *)buf)[i] = p->buf[(p->head + i) % p->size];
	return (long)n;
}

bool pipe_has_writers(struct file *f)
{
	return ((struct pipe *)f->priv)->writers > 0;
}

long pipe_space(struct file *f)
{
	struct pipe *p = f->priv;

	return p->readers ? (long)(p->size - p->len) : -EPIPE;
}

long pipe_wait(struct file *f, bool for_write)
{
	struct pipe *p = f->priv;
	struct waiter w;
	int r;

	if (for_write ? (p->size - p->len) || !p->readers : p->len || !p->writers)
		return 0;
	waitq_add(for_write ? &p->wq : &p->rq, &w, current);
	r = task_sleep(current, -1, NULL, 0, true);
	waitq_del(&w);
	return r == -EINTR ? -ERESTARTSYS : 0;
}

long pipe_get_size(struct file *f)
{
	return (long)((struct pipe *)f->priv)->size;
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

static struct pipe *pipe_alloc(void)
{
	struct pipe *p = kzalloc(sizeof(*p));

	p->size = PIPE_DEF_SIZE;
	p->buf = kmalloc(p->size);
	waitq_init(&p->rq);
	waitq_init(&p->wq);
	p->ino = vfs_next_ino();
	list_init(&p->fifo_link);
	return p;
}

int pipe_create(struct file **rd, struct file **wr, int flags)
{
	struct pipe *p = pipe_alloc();

	p->packet = flags & LINUX_O_DIRECT;
	*rd = pipe_file(p, LINUX_O_RDONLY | (flags & LINUX_O_NONBLOCK));
	*wr = pipe_file(p, LINUX_O_WRONLY | (flags & LINUX_O_NONBLOCK));
	return 0;
}

/*
 * Opening a FIFO (fs/pipe.c fifo_open): readers wait for a writer and
 * writers for a reader, unless O_NONBLOCK (a lone non-blocking writer gets
 * ENXIO). One pipe per (dev, ino) while anyone has it open.
 */
int fifo_open(struct file *f, uint64_t dev, uint64_t ino, int flags)
{
	struct pipe *p = NULL, *it;
	int acc = flags & LINUX_O_ACCMODE;
	struct waiter w;
	unsigned seen;
	int r;

	list_for_each_entry(it, &fifos, fifo_link)
		if (it->fifo_dev == dev && it->fifo_ino == ino)
			p = it;
	if (!p) {
		p = pipe_alloc();
		p->fifo_dev = dev;
		p->fifo_ino = ino;
		list_add(&p->fifo_link, &fifos);
	}
	if (acc == LINUX_O_WRONLY && (flags & LINUX_O_NONBLOCK) && !p->readers) {
		if (!p->refs) {
			list_del(&p->fifo_link);
			kfree(p->buf);
			kfree(p);
		}
		return -ENXIO;
	}
	p->refs++;
	f->priv = p;
	f->ops = &pipe_ops;
	if (acc == LINUX_O_RDONLY || acc == LINUX_O_RDWR) {
		p->readers++;
		p->rd_opens++;
	}
	if (acc == LINUX_O_WRONLY || acc == LINUX_O_RDWR) {
		p->writers++;
		p->wr_opens++;
	}
	waitq_wake_all(&p->rq);
	waitq_wake_all(&p->wq);
	if (flags & LINUX_O_NONBLOCK || acc == LINUX_O_RDWR)
		return 0;
	/* Wait until the other side has been opened (at least once since we came). */
	seen = acc == LINUX_O_RDONLY ? p->wr_opens : p->rd_opens;
	while ((acc == LINUX_O_RDONLY ? !p->writers && p->wr_opens == seen : !p->readers && p->rd_opens == seen)) {
		waitq_add(acc == LINUX_O_RDONLY ? &p->rq : &p->wq, &w, current);
		r = task_sleep(current, -1, NULL, 0, true);
		waitq_del(&w);
		if (r == -EINTR)
			return -ERESTARTSYS; /* f is released by the caller, which drops our counts */
	}
	return 0;
}
