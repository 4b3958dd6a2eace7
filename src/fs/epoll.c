/* SPDX-License-Identifier: MIT */
/*
 * epoll(7). The interest list is checked by polling each registered file
 * when the waiter runs (level- and edge-triggered, EPOLLONESHOT); waiting
 * registers on every target's wait sources, like poll(2).
 */
#include <string.h>
#include "abi/errno.h"
#include "fs/vfs/vfs.h"
#include "kernel/task.h"
#include "lib/kstd.h"
#include "mm/uaccess.h"

struct epitem {
	struct list_head link;
	struct list_head flink; /* in file->epitems: removed when the file goes */
	int fd;
	struct file *file; /* not referenced, as in Linux: closing the file removes the item */
	uint32_t events;
	uint64_t data;
	unsigned last;	   /* edge-triggered: the mask already reported */
	uint64_t gen;	   /* edge-triggered: wake generation at the last report */
	bool disabled;	   /* EPOLLONESHOT fired */
};

struct epoll {
	struct list_head items;
	struct waitq wq; /* for epoll files nested in poll/epoll */
};

static const struct file_ops epoll_ops;

bool file_is_epoll(struct file *f)
{
	return f->ops == &epoll_ops;
}

static unsigned ready_mask(struct epitem *it, struct poll_table *pt)
{
	unsigned m = vfs_poll(it->file, pt);

	return m & (it->events | LINUX_POLLERR | LINUX_POLLHUP);
}

/* Sum of the wake counters of the wait queues the file polls on. */
static uint64_t generation(struct epitem *it, struct task *t)
{
	struct poll_table pt;
	uint64_t g = 0;
	int i;

	poll_table_init(&pt, t);
	vfs_poll(it->file, &pt);
	for (i = 0; i < pt.nwaiters; i++)
		g += pt.waiters[i].wq->seq;
	poll_table_free(&pt);
	return g;
}

static void item_free(struct epitem *it)
{
	list_del(&it->link);
	list_del(&it->flink);
	kfree(it);
}

void epoll_file_gone(struct file *f)
{
	while (!list_empty(&f->epitems))
		item_free(list_first_entry(&f->epitems, struct epitem, flink));
}

static unsigned ep_poll(struct file *f, struct poll_table *pt)
{
	struct epoll *ep = f->priv;
	struct epitem *it;

	list_for_each_entry(it, &ep->items, link)
		if (!it->disabled && ready_mask(it, pt))
			return LINUX_POLLIN | LINUX_POLLRDNORM;
	return 0;
}

static void ep_release(struct file *f)
{
	struct epoll *ep = f->priv;
	struct epitem *it, *n;

	list_for_each_entry_safe(it, n, &ep->items, link)
		item_free(it);
	kfree(ep);
}

static const struct file_ops epoll_ops = {
	.poll = ep_poll,
	.release = ep_release,
};

struct file *epoll_create(void)
{
	struct file *f = file_new(&epoll_ops, LINUX_O_RDWR);
	struct epoll *ep = kzalloc(sizeof(*ep));

	list_init(&ep->items);
	waitq_init(&ep->wq);
	f->priv = ep;
	f->inode = inode_new(NULL, 0600);
	f->anon_name = kstrdup("anon_inode:[eventpoll]");
	return f;
}

static struct epitem *find(struct epoll *ep, int fd, struct file *f)
{
	struct epitem *it;

	list_for_each_entry(it, &ep->items, link)
		if (it->fd == fd && it->file == f)
			return it;
	return NULL;
}

/* True if epoll file ep can reach want through nested epoll items. */
static bool reaches(struct file *ep, struct file *want, int depth)
{
	struct epitem *it;

	if (ep == want)
		return true;
	if (depth > 5)
		return true; /* EPOLL_MAX_NESTS */
	list_for_each_entry(it, &((struct epoll *)ep->priv)->items, link)
		if (file_is_epoll(it->file) && reaches(it->file, want, depth + 1))
			return true;
	return false;
}

long epoll_ctl(struct task *t, struct file *epf, int op, int fd, struct file *target, uaddr_t uevent)
{
	struct epoll *ep = epf->priv;
	struct linux_epoll_event ev = { 0, 0 };
	struct epitem *it;

	if (target == epf)
		return -EINVAL;
	if (op != LINUX_EPOLL_CTL_DEL && copy_from_user(t->mm, &ev, uevent, sizeof(ev)))
		return -EFAULT;
	if (target->inode && (MODE_ISREG(target->inode->mode) || MODE_ISDIR(target->inode->mode)) &&
	    target->ops != &epoll_ops && !target->ops->poll)
		return -EPERM; /* regular files cannot be polled with epoll */
	it = find(ep, fd, target);
	switch (op) {
	case LINUX_EPOLL_CTL_ADD:
		if (it)
			return -EEXIST;
		if (file_is_epoll(target) && reaches(target, epf, 0))
			return -ELOOP;
		it = kzalloc(sizeof(*it));
		it->fd = fd;
		it->file = target;
		it->events = ev.events;
		it->data = ev.data;
		list_add_tail(&it->link, &ep->items);
		list_add_tail(&it->flink, &target->epitems);
		return 0;
	case LINUX_EPOLL_CTL_MOD:
		if (!it)
			return -ENOENT;
		it->events = ev.events;
		it->data = ev.data;
		it->disabled = false;
		it->last = 0;
		return 0;
	case LINUX_EPOLL_CTL_DEL:
		if (!it)
			return -ENOENT;
		item_free(it);
		return 0;
	}
	return -EINVAL;
}

long epoll_wait(struct task *t, struct file *epf, uaddr_t uevents, int maxevents, int64_t deadline)
{
	struct epoll *ep = epf->priv;

	if (maxevents <= 0 || maxevents > 1 << 20)
		return -EINVAL;
	for (;;) {
		struct poll_table pt;
		struct epitem *it;
		int n = 0, r;

		poll_table_init(&pt, t);
		list_for_each_entry(it, &ep->items, link) {
			unsigned m;

			if (it->disabled)
				continue;
			m = ready_mask(it, &pt);
			if (it->events & LINUX_EPOLLET) {
				uint64_t g = generation(it, t);

				/* Report on new readiness bits, or on any new event since the last report. */
				if (!(m & ~it->last) && g == it->gen)
					m = 0;
				it->last = m ? m : it->last;
				it->gen = g;
			}
			if (!m)
				continue;
			{
				struct linux_epoll_event ev = { m, it->data };

				if (copy_to_user(t->mm, uevents + (uaddr_t)n * sizeof(ev), &ev, sizeof(ev))) {
					poll_table_free(&pt);
					return n ? n : -EFAULT;
				}
			}
			if (it->events & LINUX_EPOLLONESHOT)
				it->disabled = true;
			if (++n >= maxevents)
				break;
		}
		if (n || deadline == 0) {
			poll_table_free(&pt);
			return n;
		}
		r = task_sleep(t, deadline, pt.host, pt.nhost, true);
		poll_table_free(&pt);
		if (r == -EINTR)
			return -EINTR;
		if (r == -ETIMEDOUT)
			return 0;
	}
}
