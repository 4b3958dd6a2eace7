/* SPDX-License-Identifier: MIT */
/*
 * inotify(7). Watches name an inode by (dev, ino); the VFS reports events
 * (fsnotify_*) on the object and, with the name, on its directory. With no
 * watch anywhere the hooks return at once, so unwatched I/O pays nothing.
 */
#include <string.h>
#include "abi/errno.h"
#include "abi/ioctl.h"
#include "fs/vfs/vfs.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/kstd.h"
#include "mm/uaccess.h"

#define IN_ISDIR 0x40000000U
#define IN_IGNORED 0x00008000U
#define IN_Q_OVERFLOW 0x00004000U
#define IN_UNMOUNT 0x00002000U
#define IN_ONESHOT 0x80000000U
#define IN_MASK_ADD 0x20000000U
#define IN_EXCL_UNLINK 0x04000000U
#define IN_DONT_FOLLOW 0x02000000U
#define IN_ONLYDIR 0x01000000U
#define IN_MASK_CREATE 0x10000000U
#define IN_ALL_EVENTS 0x00000fffU
#define MAX_EVENTS 16384

struct nevent {
	struct list_head link;
	int32_t wd;
	uint32_t mask, cookie;
	char *name;
};

struct inotify {
	struct list_head events;
	int nevents;
	size_t bytes;
	struct list_head watches; /* struct watch.ilink */
	int next_wd;
	struct waitq wq;
};

struct watch {
	struct list_head glink, ilink;
	struct inotify *in;	      /* NULL for a dnotify watch */
	struct file *dfile;	      /* dnotify: the directory fd it was set on */
	struct thread_group *dtg;     /* dnotify: who gets SIGIO */
	bool multishot;
	int wd;
	uint64_t dev, ino;
	uint32_t mask;
};

static struct list_head all_watches = LIST_HEAD_INIT(all_watches);
static uint32_t next_cookie = 1;
static const struct file_ops inotify_ops;

static size_t event_size(const char *name)
{
	size_t len = name ? (strlen(name) + 1 + 15) & ~(size_t)15 : 0;

	return 16 + len;
}

static void queue(struct inotify *in, int wd, uint32_t mask, uint32_t cookie, const char *name)
{
	struct nevent *e;

	if (!list_empty(&in->events)) {
		struct nevent *last = list_entry(in->events.prev, struct nevent, link);

		/* Identical to the last unread event: merged, as Linux does. */
		if (last->wd == wd && last->mask == mask && last->cookie == cookie &&
		    ((!last->name && !name) || (last->name && name && !strcmp(last->name, name))))
			return;
		if (last->mask == IN_Q_OVERFLOW)
			return;
	}
	e = kzalloc(sizeof(*e));
	if (in->nevents >= MAX_EVENTS) {
		e->wd = -1;
		e->mask = IN_Q_OVERFLOW;
	} else {
		e->wd = wd;
		e->mask = mask;
		e->cookie = cookie;
		e->name = name ? kstrdup(name) : NULL;
	}
	list_add_tail(&e->link, &in->events);
	in->nevents++;
	in->bytes += event_size(e->name);
	waitq_wake_all(&in->wq);
}

static void watch_free(struct watch *w)
{
	if (!w->in) {
		list_del(&w->glink);
		tg_put(w->dtg);
		kfree(w);
		return;
	}
	queue(w->in, w->wd, IN_IGNORED, 0, NULL);
	list_del(&w->glink);
	list_del(&w->ilink);
	kfree(w);
}

bool fsnotify_active(void)
{
	return !list_empty(&all_watches);
}

void fsnotify(uint64_t dev, uint64_t ino, uint32_t mask, uint32_t cookie, const char *name)
{
	struct watch *w, *n;

	list_for_each_entry_safe(w, n, &all_watches, glink) {
		if (w->dev != dev || w->ino != ino || !(w->mask & mask & (IN_ALL_EVENTS | 0x400 | 0x800)))
			continue;
		if (!w->in) {
			/* dnotify: only changes of entries (a name), by default SIGIO. */
			struct linux_siginfo info;

			if (!name)
				continue;
			memset(&info, 0, sizeof(info));
			info.si_signo = LINUX_SIGIO;
			info.si_code = LINUX_SI_KERNEL;
			if (w->dtg->state == TG_ALIVE)
				signal_send_tg(w->dtg, LINUX_SIGIO, &info);
			if (!w->multishot)
				watch_free(w);
			continue;
		}
		queue(w->in, w->wd, mask, cookie, name);
		if (w->mask & IN_ONESHOT)
			watch_free(w);
	}
	/* The watched object itself is gone: its watches end. */
	if (mask & 0x400) { /* IN_DELETE_SELF */
		list_for_each_entry_safe(w, n, &all_watches, glink)
			if (w->dev == dev && w->ino == ino)
				watch_free(w);
	}
}

/* Event mask on the object at p, and on its directory with its name. */
void fsnotify_path(const struct path *p, uint32_t mask)
{
	struct linux_stat st;
	uint32_t dir = 0;

	if (!fsnotify_active() || !p->d)
		return;
	if (vfs_getattr(p, &st) == 0) {
		if (MODE_ISDIR(st.st_mode))
			dir = IN_ISDIR;
		fsnotify(st.st_dev, st.st_ino, mask | dir, 0, NULL);
	}
	if (p->d->parent && !p->d->unhashed) {
		struct path pp = { p->mnt, p->d->parent };

		if (vfs_getattr(&pp, &st) == 0)
			fsnotify(st.st_dev, st.st_ino, mask | dir, 0, p->d->name);
	}
}

/* A name in directory dir changed (create, delete, moves). */
void fsnotify_dir(const struct path *dir, uint32_t mask, uint32_t cookie, const char *name)
{
	struct linux_stat st;

	if (fsnotify_active() && vfs_getattr(dir, &st) == 0)
		fsnotify(st.st_dev, st.st_ino, mask, cookie, name);
}

uint32_t fsnotify_cookie(void)
{
	return next_cookie++;
}

static long in_read(struct file *f, void *buf, size_t n, int64_t *pos)
{
	struct inotify *in = f->priv;
	size_t done = 0;

	(void)pos;
	while (list_empty(&in->events)) {
		struct waiter w;
		int r;

		if (f->flags & LINUX_O_NONBLOCK)
			return -EAGAIN;
		waitq_add(&in->wq, &w, current);
		r = task_sleep(current, -1, NULL, 0, true);
		waitq_del(&w);
		if (r == -EINTR)
			return -ERESTARTSYS;
	}
	while (!list_empty(&in->events)) {
		struct nevent *e = list_first_entry(&in->events, struct nevent, link);
		size_t sz = event_size(e->name);
		char *o = (char *)buf + done;
		uint32_t len = (uint32_t)(sz - 16);

		if (done + sz > n) {
			if (!done)
				return -EINVAL;
			break;
		}
		memset(o, 0, sz);
		memcpy(o, &e->wd, 4);
		memcpy(o + 4, &e->mask, 4);
		memcpy(o + 8, &e->cookie, 4);
		memcpy(o + 12, &len, 4);
		if (e->name)
			memcpy(o + 16, e->name, strlen(e->name));
		done += sz;
		list_del(&e->link);
		in->nevents--;
		in->bytes -= sz;
		kfree(e->name);
		kfree(e);
	}
	return (long)done;
}

static unsigned in_poll(struct file *f, struct poll_table *pt)
{
	struct inotify *in = f->priv;

	poll_wait(pt, &in->wq);
	return list_empty(&in->events) ? 0 : LINUX_POLLIN | LINUX_POLLRDNORM;
}

static long in_ioctl(struct file *f, unsigned cmd, uaddr_t arg)
{
	struct inotify *in = f->priv;
	int32_t n = (int32_t)in->bytes;

	if (cmd != LINUX_FIONREAD)
		return -ENOTTY;
	return copy_to_user(current->mm, arg, &n, 4);
}

static void in_release(struct file *f)
{
	struct inotify *in = f->priv;
	struct nevent *e, *ne;
	struct watch *w, *nw;

	list_for_each_entry_safe(w, nw, &in->watches, ilink) {
		list_del(&w->glink);
		kfree(w);
	}
	list_for_each_entry_safe(e, ne, &in->events, link) {
		kfree(e->name);
		kfree(e);
	}
	kfree(in);
}

static const struct file_ops inotify_ops = {
	.read = in_read,
	.poll = in_poll,
	.ioctl = in_ioctl,
	.release = in_release,
};

struct file *inotify_create(int flags)
{
	struct file *f = file_new(&inotify_ops, LINUX_O_RDONLY | (flags & LINUX_O_NONBLOCK));
	struct inotify *in = kzalloc(sizeof(*in));

	list_init(&in->events);
	list_init(&in->watches);
	waitq_init(&in->wq);
	in->next_wd = 1;
	f->priv = in;
	f->inode = inode_new(NULL, 0600);
	f->anon_name = kstrdup("anon_inode:inotify");
	return f;
}

long inotify_add(struct file *f, const struct path *p, uint32_t mask)
{
	struct inotify *in = f->priv;
	struct linux_stat st;
	struct watch *w;
	long r;

	if (f->ops != &inotify_ops)
		return -EINVAL;
	if (!(mask & IN_ALL_EVENTS))
		return -EINVAL;
	if ((mask & IN_MASK_ADD) && (mask & IN_MASK_CREATE))
		return -EINVAL;
	r = vfs_getattr(p, &st);
	if (r < 0)
		return r;
	if ((mask & IN_ONLYDIR) && !MODE_ISDIR(st.st_mode))
		return -ENOTDIR;
	list_for_each_entry(w, &in->watches, ilink) {
		if (w->dev == st.st_dev && w->ino == st.st_ino) {
			if (mask & IN_MASK_CREATE)
				return -EEXIST;
			w->mask = (mask & IN_MASK_ADD) ? w->mask | mask : mask;
			return w->wd;
		}
	}
	w = kzalloc(sizeof(*w));
	w->in = in;
	w->wd = in->next_wd++;
	w->dev = st.st_dev;
	w->ino = st.st_ino;
	w->mask = mask;
	list_add_tail(&w->ilink, &in->watches);
	list_add_tail(&w->glink, &all_watches);
	return w->wd;
}

long inotify_rm(struct file *f, int wd)
{
	struct inotify *in = f->priv;
	struct watch *w;

	if (f->ops != &inotify_ops)
		return -EINVAL;
	list_for_each_entry(w, &in->watches, ilink) {
		if (w->wd == wd) {
			watch_free(w);
			return 0;
		}
	}
	return -EINVAL;
}

#define DN_ACCESS 0x1UL
#define DN_MODIFY 0x2UL
#define DN_CREATE 0x4UL
#define DN_DELETE 0x8UL
#define DN_RENAME 0x10UL
#define DN_ATTRIB 0x20UL
#define DN_MULTISHOT 0x80000000UL

long dnotify_set(struct task *t, struct file *f, unsigned long arg)
{
	struct linux_stat st;
	struct watch *w, *n;
	uint32_t mask = 0;
	long r;

	if (!f->inode || !MODE_ISDIR(f->inode->mode))
		return -ENOTDIR;
	list_for_each_entry_safe(w, n, &all_watches, glink)
		if (!w->in && w->dfile == f)
			watch_free(w);
	if (!(arg & ~DN_MULTISHOT))
		return 0;
	r = vfs_fstat(f, &st);
	if (r < 0)
		return r;
	if (arg & DN_ACCESS)
		mask |= FSN_ACCESS;
	if (arg & DN_MODIFY)
		mask |= FSN_MODIFY;
	if (arg & DN_CREATE)
		mask |= FSN_CREATE | FSN_MOVED_TO;
	if (arg & DN_DELETE)
		mask |= FSN_DELETE | FSN_MOVED_FROM;
	if (arg & DN_RENAME)
		mask |= FSN_MOVED_FROM | FSN_MOVED_TO;
	if (arg & DN_ATTRIB)
		mask |= FSN_ATTRIB;
	w = kzalloc(sizeof(*w));
	w->dfile = f;
	w->dtg = t->tg;
	t->tg->refs++;
	w->multishot = arg & DN_MULTISHOT;
	w->dev = st.st_dev;
	w->ino = st.st_ino;
	w->mask = mask;
	list_init(&w->ilink);
	list_add_tail(&w->glink, &all_watches);
	return 0;
}

void notify_file_gone(struct file *f)
{
	struct watch *w, *n;

	list_for_each_entry_safe(w, n, &all_watches, glink)
		if (!w->in && w->dfile == f)
			watch_free(w);
}
