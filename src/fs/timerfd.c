/* SPDX-License-Identifier: MIT */
/* timerfd (timerfd_create(2)): expirations counted by a kernel timer, read as a u64. */
#include <string.h>
#include "abi/errno.h"
#include "fs/vfs/vfs.h"
#include "kernel/task.h"
#include "lib/kstd.h"

struct timerfd {
	int clock;
	struct ktimer kt;    /* host deadline of the next expiry */
	int64_t interval;    /* ns, 0: one-shot */
	uint64_t ticks;	     /* expirations not yet read */
	struct waitq wq;
};

static void tfd_fire(struct ktimer *kt)
{
	struct timerfd *t = kt->arg;
	int64_t now = clock_host_now();

	t->ticks++;
	if (t->interval)
		timer_arm(kt, add_sat(now, t->interval));
	waitq_wake_all(&t->wq);
}

static long tfd_read(struct file *f, void *buf, size_t n, int64_t *pos)
{
	struct timerfd *t = f->priv;

	(void)pos;
	if (n < 8)
		return -EINVAL;
	while (!t->ticks) {
		struct waiter w;
		int r;

		if (f->flags & LINUX_O_NONBLOCK)
			return -EAGAIN;
		waitq_add(&t->wq, &w, current);
		r = task_sleep(current, -1, NULL, 0, true);
		waitq_del(&w);
		if (r == -EINTR)
			return -ERESTARTSYS;
	}
	memcpy(buf, &t->ticks, 8);
	t->ticks = 0;
	return 8;
}

static unsigned tfd_poll(struct file *f, struct poll_table *pt)
{
	struct timerfd *t = f->priv;

	poll_wait(pt, &t->wq);
	return t->ticks ? LINUX_POLLIN | LINUX_POLLRDNORM : 0;
}

static void tfd_release(struct file *f)
{
	struct timerfd *t = f->priv;

	timer_cancel(&t->kt);
	kfree(t);
}

static const struct file_ops timerfd_ops = {
	.read = tfd_read,
	.poll = tfd_poll,
	.release = tfd_release,
};

bool file_is_timerfd(struct file *f)
{
	return f->ops == &timerfd_ops;
}

struct file *timerfd_create(int clock, int flags)
{
	struct file *f = file_new(&timerfd_ops, LINUX_O_RDWR | (flags & LINUX_O_NONBLOCK));
	struct timerfd *t = kzalloc(sizeof(*t));

	t->clock = clock;
	t->kt.fn = tfd_fire;
	t->kt.arg = t;
	waitq_init(&t->wq);
	f->priv = t;
	f->inode = inode_new(NULL, 0600);
	f->anon_name = kstrdup("anon_inode:[timerfd]");
	return f;
}

void timerfd_get(struct file *f, int64_t *value, int64_t *interval)
{
	struct timerfd *t = f->priv;

	*interval = t->interval;
	*value = timer_left(&t->kt);
}

void timerfd_set(struct file *f, int64_t value, int64_t interval, bool absolute)
{
	struct timerfd *t = f->priv;

	timer_cancel(&t->kt);
	t->ticks = 0;
	t->interval = interval;
	if (!value) {
		t->interval = 0;
		return;
	}
	if (absolute)
		value -= clock_timer_now(t->clock);
	timer_arm(&t->kt, add_sat(clock_host_now(), value > 0 ? value : 0));
}
