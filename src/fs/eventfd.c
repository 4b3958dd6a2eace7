/* SPDX-License-Identifier: MIT */
/* eventfd(2): a 64-bit counter file, with EFD_SEMAPHORE. */
#include <string.h>
#include "abi/errno.h"
#include "fs/vfs/vfs.h"
#include "kernel/task.h"
#include "lib/kstd.h"

struct eventfd {
	uint64_t count;
	bool semaphore;
	struct waitq wq;
};

static long efd_read(struct file *f, void *buf, size_t n, int64_t *pos)
{
	struct eventfd *e = f->priv;
	uint64_t v;

	(void)pos;
	if (n < 8)
		return -EINVAL;
	while (e->count == 0) {
		struct waiter w;
		int r;

		if (f->flags & LINUX_O_NONBLOCK)
			return -EAGAIN;
		waitq_add(&e->wq, &w, current);
		r = task_sleep(current, -1, NULL, 0, true);
		waitq_del(&w);
		if (r == -EINTR)
			return -ERESTARTSYS;
	}
	v = e->semaphore ? 1 : e->count;
	e->count -= v;
	memcpy(buf, &v, 8);
	waitq_wake_all(&e->wq);
	return 8;
}

static long efd_write(struct file *f, const void *buf, size_t n, int64_t *pos)
{
	struct eventfd *e = f->priv;
	uint64_t v;

	(void)pos;
	if (n < 8)
		return -EINVAL;
	memcpy(&v, buf, 8);
	if (v == UINT64_MAX)
		return -EINVAL;
	while (UINT64_MAX - 1 - e->count < v) {
		struct waiter w;
		int r;

		if (f->flags & LINUX_O_NONBLOCK)
			return -EAGAIN;
		waitq_add(&e->wq, &w, current);
		r = task_sleep(current, -1, NULL, 0, true);
		waitq_del(&w);
		if (r == -EINTR)
			return -ERESTARTSYS;
	}
	e->count += v;
	waitq_wake_all(&e->wq);
	return 8;
}

static unsigned efd_poll(struct file *f, struct poll_table *pt)
{
	struct eventfd *e = f->priv;
	unsigned m = 0;

	poll_wait(pt, &e->wq);
	if (e->count)
		m |= LINUX_POLLIN | LINUX_POLLRDNORM;
	if (e->count < UINT64_MAX - 1)
		m |= LINUX_POLLOUT | LINUX_POLLWRNORM;
	return m;
}

static void efd_release(struct file *f)
{
	kfree(f->priv);
}

static const struct file_ops eventfd_ops = {
	.read = efd_read,
	.write = efd_write,
	.poll = efd_poll,
	.release = efd_release,
};

struct file *eventfd_create(uint32_t initval, int flags)
{
	struct file *f = file_new(&eventfd_ops, LINUX_O_RDWR | (flags & LINUX_O_NONBLOCK));
	struct eventfd *e = kzalloc(sizeof(*e));

	e->count = initval;
	e->semaphore = flags & 1;
	waitq_init(&e->wq);
	f->priv = e;
	f->inode = inode_new(NULL, 0600);
	f->anon_name = kstrdup("anon_inode:[eventfd]");
	return f;
}
