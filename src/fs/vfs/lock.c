/* SPDX-License-Identifier: MIT */
/*
 * fcntl record locks (POSIX, owned by the process; OFD, owned by the open
 * file) and flock(2) locks (owned by the open file). Locks are keyed by the
 * file's (st_dev, st_ino), since host-backed files may have several inode
 * objects for one host file. Only guest processes compete for them.
 */
#include <string.h>
#include "abi/errno.h"
#include "fs/vfs/vfs.h"
#include "kernel/task.h"
#include "lib/kstd.h"
#include "mm/uaccess.h"

#define OFFSET_MAX INT64_MAX

struct file_lock {
	struct list_head link;
	uint64_t dev, ino;
	bool flock;	      /* flock(2) rather than fcntl */
	struct thread_group *owner_tg; /* POSIX locks */
	struct file *owner_file;       /* OFD and flock locks */
	int pid;
	int type;	      /* F_RDLCK / F_WRLCK */
	int64_t start, end;   /* inclusive */
};

static struct list_head locks = LIST_HEAD_INIT(locks);
static struct waitq lock_wait = { LIST_HEAD_INIT(lock_wait.waiters), 0 };

static int file_key(struct file *f, uint64_t *dev, uint64_t *ino)
{
	struct linux_stat st;
	int r = vfs_fstat(f, &st);

	if (r < 0)
		return r;
	*dev = st.st_dev;
	*ino = st.st_ino;
	return 0;
}

static bool same_owner(const struct file_lock *a, const struct file_lock *b)
{
	if (a->flock != b->flock)
		return false;
	if (a->owner_file || b->owner_file)
		return a->owner_file == b->owner_file;
	return a->owner_tg == b->owner_tg;
}

static bool conflicts(const struct file_lock *a, const struct file_lock *b)
{
	if (a->dev != b->dev || a->ino != b->ino || a->flock != b->flock)
		return false;
	if (same_owner(a, b))
		return false;
	if (a->type != LINUX_F_WRLCK && b->type != LINUX_F_WRLCK)
		return false;
	return a->start <= b->end && b->start <= a->end;
}

static struct file_lock *find_conflict(const struct file_lock *want)
{
	struct file_lock *l;

	list_for_each_entry(l, &locks, link)
		if (conflicts(want, l))
			return l;
	return NULL;
}

/* Removes want's owner's locks in [start, end], splitting partial overlaps. */
static void unlock_range(const struct file_lock *want)
{
	struct file_lock *l, *n;

	list_for_each_entry_safe(l, n, &locks, link) {
		if (l->dev != want->dev || l->ino != want->ino || !same_owner(l, want))
			continue;
		if (l->end < want->start || l->start > want->end)
			continue;
		if (l->start < want->start && l->end > want->end) {
			struct file_lock *tail = kmalloc(sizeof(*tail));

			*tail = *l;
			tail->start = want->end + 1;
			list_add(&tail->link, &l->link);
			l->end = want->start - 1;
		} else if (l->start < want->start) {
			l->end = want->start - 1;
		} else if (l->end > want->end) {
			l->start = want->end + 1;
		} else {
			list_del(&l->link);
			kfree(l);
		}
	}
}

/* Inserts want, merging it with the owner's adjacent or overlapping locks of the same type. */
static void add_lock(const struct file_lock *want)
{
	struct file_lock *l = kmalloc(sizeof(*l)), *o, *n;

	unlock_range(want);
	*l = *want;
	list_for_each_entry_safe(o, n, &locks, link) {
		if (o->dev != l->dev || o->ino != l->ino || !same_owner(o, l) || o->type != l->type)
			continue;
		if ((o->end != INT64_MAX && o->end + 1 < l->start) || (l->end != INT64_MAX && l->end + 1 < o->start))
			continue;
		l->start = MIN(l->start, o->start);
		l->end = MAX(l->end, o->end);
		list_del(&o->link);
		kfree(o);
	}
	list_add_tail(&l->link, &locks);
	waitq_wake_all(&lock_wait);
}

static int wait_lock(struct task *t)
{
	struct waiter w;
	int r;

	waitq_add(&lock_wait, &w, t);
	r = task_sleep(t, -1, NULL, 0, true);
	waitq_del(&w);
	return r == -EINTR ? -ERESTARTSYS : 0;
}

long vfs_fcntl_lock(struct task *t, struct file *f, int cmd, uaddr_t arg)
{
	struct linux_flock fl;
	struct file_lock want;
	bool ofd = cmd == LINUX_F_OFD_GETLK || cmd == LINUX_F_OFD_SETLK || cmd == LINUX_F_OFD_SETLKW;
	int64_t base = 0;
	int r;

	if (copy_from_user(t->mm, &fl, arg, sizeof(fl)))
		return -EFAULT;
	if (ofd && fl.l_pid)
		return -EINVAL;
	if (f->flags & LINUX_O_PATH)
		return -EBADF;
	memset(&want, 0, sizeof(want));
	r = file_key(f, &want.dev, &want.ino);
	if (r < 0)
		return r;
	switch (fl.l_whence) {
	case LINUX_SEEK_SET: base = 0; break;
	case LINUX_SEEK_CUR: base = f->pos; break;
	case LINUX_SEEK_END: {
		struct linux_stat st;

		vfs_fstat(f, &st);
		base = st.st_size;
		break;
	}
	default:
		return -EINVAL;
	}
	/* Overflow checks in Linux's order (flock_to_posix_lock); base >= 0. */
	if (fl.l_start > OFFSET_MAX - base)
		return -EOVERFLOW;
	want.start = base + fl.l_start;
	if (want.start < 0)
		return -EINVAL;
	if (fl.l_len > 0) {
		if (fl.l_len - 1 > OFFSET_MAX - want.start)
			return -EOVERFLOW;
		want.end = want.start + (fl.l_len - 1);
	} else if (fl.l_len < 0) {
		if (want.start + fl.l_len < 0)
			return -EINVAL;
		want.end = want.start - 1;
		want.start += fl.l_len;
	} else {
		want.end = OFFSET_MAX;
	}
	want.type = fl.l_type;
	if (ofd)
		want.owner_file = f;
	else
		want.owner_tg = t->tg;
	want.pid = ofd ? -1 : t->tg->tgid;
	if (fl.l_type != LINUX_F_RDLCK && fl.l_type != LINUX_F_WRLCK && fl.l_type != LINUX_F_UNLCK)
		return -EINVAL;
	if (cmd == LINUX_F_GETLK || cmd == LINUX_F_OFD_GETLK) {
		struct file_lock *c;

		if (fl.l_type == LINUX_F_UNLCK)
			return -EINVAL;
		c = find_conflict(&want);
		if (!c) {
			fl.l_type = LINUX_F_UNLCK;
		} else {
			fl.l_type = (int16_t)c->type;
			fl.l_whence = LINUX_SEEK_SET;
			fl.l_start = c->start;
			fl.l_len = c->end == OFFSET_MAX ? 0 : c->end - c->start + 1;
			fl.l_pid = c->pid;
		}
		return copy_to_user(t->mm, arg, &fl, sizeof(fl));
	}
	if (fl.l_type == LINUX_F_RDLCK && !file_can_read(f))
		return -EBADF;
	if (fl.l_type == LINUX_F_WRLCK && !file_can_write(f))
		return -EBADF;
	if (fl.l_type == LINUX_F_UNLCK) {
		unlock_range(&want);
		waitq_wake_all(&lock_wait);
		return 0;
	}
	while (find_conflict(&want)) {
		if (cmd == LINUX_F_SETLK || cmd == LINUX_F_OFD_SETLK)
			return -EAGAIN;
		r = wait_lock(t);
		if (r < 0)
			return r;
	}
	add_lock(&want);
	return 0;
}

long vfs_flock(struct task *t, struct file *f, int op)
{
	struct file_lock want;
	int r;

	memset(&want, 0, sizeof(want));
	r = file_key(f, &want.dev, &want.ino);
	if (r < 0)
		return r;
	want.flock = true;
	want.owner_file = f;
	want.start = 0;
	want.end = OFFSET_MAX;
	switch (op & ~LINUX_LOCK_NB) {
	case LINUX_LOCK_SH: want.type = LINUX_F_RDLCK; break;
	case LINUX_LOCK_EX: want.type = LINUX_F_WRLCK; break;
	case LINUX_LOCK_UN:
		unlock_range(&want);
		waitq_wake_all(&lock_wait);
		return 0;
	default:
		return -EINVAL;
	}
	while (find_conflict(&want)) {
		if (op & LINUX_LOCK_NB)
			return -EAGAIN;
		r = wait_lock(t);
		if (r < 0)
			return r;
	}
	add_lock(&want);
	return 0;
}

void vfs_locks_release(struct task *t, struct file *f, bool owner_close)
{
	struct file_lock *l, *n;
	uint64_t dev, ino;
	bool any = false;

	if (list_empty(&locks))
		return;
	if (owner_close) {
		/* POSIX: closing any fd of a file drops the process's locks on it. */
		if (!t || file_key(f, &dev, &ino) < 0)
			return;
		list_for_each_entry_safe(l, n, &locks, link) {
			if (l->owner_tg == t->tg && l->dev == dev && l->ino == ino) {
				list_del(&l->link);
				kfree(l);
				any = true;
			}
		}
	} else {
		list_for_each_entry_safe(l, n, &locks, link) {
			if (l->owner_file == f) {
				list_del(&l->link);
				kfree(l);
				any = true;
			}
		}
	}
	if (any)
		waitq_wake_all(&lock_wait);
}
