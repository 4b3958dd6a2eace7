/* SPDX-License-Identifier: MIT */
/* Lifetimes of inodes, dentries, paths and open files. */
#include <string.h>
#include "abi/errno.h"
#include "fs/vfs/vfs.h"
#include "host/host.h"
#include "kernel/kernel.h"
#include "lib/kstd.h"

static uint64_t next_ino = 1000;
static uint64_t next_dev = 0x20;

uint64_t vfs_next_ino(void)
{
	return next_ino++;
}

uint64_t vfs_new_dev(void)
{
	uint64_t minor = next_dev++;

	return MKDEV(0, minor);
}

struct inode *inode_new(struct super_block *sb, uint32_t mode)
{
	struct inode *i = kzalloc(sizeof(*i));
	struct linux_timespec now;
	int64_t ns = clock_realtime_ns();

	i->refs = 1;
	i->sb = sb;
	i->mode = mode;
	i->ino = vfs_next_ino();
	i->nlink = 1;
	now.tv_sec = ns / 1000000000;
	now.tv_nsec = ns % 1000000000;
	i->atime = i->mtime = i->ctime = now;
	list_init(&i->locks);
	waitq_init(&i->lock_wait);
	return i;
}

void inode_get(struct inode *i)
{
	i->refs++;
}

void inode_put(struct inode *i)
{
	if (!i || --i->refs > 0)
		return;
	if (i->destroy)
		i->destroy(i);
	kfree(i);
}

struct dentry *dentry_new(struct dentry *parent, const char *name, struct inode *inode)
{
	struct dentry *d = kzalloc(sizeof(*d));

	d->refs = 1;
	d->name = kstrdup(name);
	d->inode = inode;
	list_init(&d->children);
	list_init(&d->child_link);
	list_init(&d->lru);
	if (parent) {
		dentry_get(parent);
		d->parent = parent;
		list_add_tail(&d->child_link, &parent->children);
	}
	return d;
}

void dentry_get(struct dentry *d)
{
	d->refs++;
}

void dentry_unhash(struct dentry *d)
{
	if (!d->unhashed) {
		list_del(&d->child_link);
		d->unhashed = true;
	}
}

/*
 * Unused dentries of filesystems whose lookups cost host calls (hostfs:
 * an O_PATH open and an fstatat per component, and a close when freed) stay
 * in their parent's list, up to DCACHE_MAX, least recently used first out.
 * A kept dentry holds its inode (a host fd) and its parent. Found again, it
 * is revalidated (one fstatat) before use.
 */
#define DCACHE_MAX 128
static struct list_head dcache = LIST_HEAD_INIT(dcache);
static int dcache_len;

/* Frees d (refs 0), and drops its parent's reference. */
static void dentry_free(struct dentry *d)
{
	struct dentry *parent = d->parent;

	if (!d->unhashed)
		list_del(&d->child_link);
	inode_put(d->inode);
	kfree(d->name);
	kfree(d);
	dentry_put(parent);
}

static void dcache_del(struct dentry *d)
{
	list_del(&d->lru);
	dcache_len--;
	d->parent->kept--;
}

static void dcache_evict(void)
{
	while (dcache_len > DCACHE_MAX) {
		struct dentry *d = list_first_entry(&dcache, struct dentry, lru);

		dcache_del(d);
		dentry_free(d);
	}
}

void dentry_put(struct dentry *d)
{
	if (!d || --d->refs > 0)
		return;
	if (!d->unhashed && d->parent && d->inode && d->inode->sb && d->inode->sb->keep_dentries) {
		list_add_tail(&d->lru, &dcache);
		dcache_len++;
		d->parent->kept++;
		dcache_evict();
		return;
	}
	dentry_free(d);
}

bool dentry_get_cached(struct dentry *d)
{
	const struct inode_ops *dops = d->parent->inode->iops;
	bool unused = d->refs == d->kept;

	if (d->refs == 0)
		dcache_del(d);
	/* A stale one stays alive while kept children refer to it, unfound. */
	if (unused && dops->revalidate && dops->revalidate(d) < 0) {
		dentry_unhash(d);
		if (d->refs == 0)
			dentry_free(d);
		return false;
	}
	d->refs++;
	return true;
}

void dentry_move(struct dentry *d, struct dentry *newparent, const char *newname)
{
	struct dentry *old = d->parent;

	if (!d->unhashed)
		list_del(&d->child_link);
	d->unhashed = false;
	list_add_tail(&d->child_link, &newparent->children);
	kfree(d->name);
	d->name = kstrdup(newname);
	if (old != newparent) {
		dentry_get(newparent);
		d->parent = newparent;
		dentry_put(old);
	}
}

void path_get(const struct path *p)
{
	if (p->d)
		dentry_get(p->d);
}

void path_put(const struct path *p)
{
	if (p->d)
		dentry_put(p->d);
}

struct file *file_new(const struct file_ops *ops, int flags)
{
	struct file *f = kzalloc(sizeof(*f));

	f->refs = 1;
	f->ops = ops;
	f->flags = flags;
	f->hostfd = -1;
	list_init(&f->epitems);
	return f;
}

void file_get(struct file *f)
{
	f->refs++;
}

void file_put(struct file *f)
{
	if (!f || --f->refs > 0)
		return;
	vfs_locks_release(NULL, f, false);
	epoll_file_gone(f);
	notify_file_gone(f);
	if (f->path.d && !(f->flags & LINUX_O_PATH))
		fsnotify_path(&f->path, file_can_write(f) ? FSN_CLOSE_WRITE : FSN_CLOSE_NOWRITE);
	if (f->ops && f->ops->release)
		f->ops->release(f);
	if (f->hostfd >= 0)
		host_close(f->hostfd);
	if (f->inode)
		inode_put(f->inode);
	path_put(&f->path);
	kfree(f->anon_name);
	kfree(f);
}

void file_take_over(struct file *dst, struct file *src)
{
	if (dst->inode)
		inode_put(dst->inode);
	path_put(&dst->path);
	dst->path = src->path;
	dst->ops = src->ops;
	dst->priv = src->priv;
	dst->hostfd = src->hostfd;
	dst->inode = src->inode;
	dst->flags = src->flags;
	kfree(dst->anon_name);
	dst->anon_name = src->anon_name;
	kfree(src);
}

bool file_can_read(const struct file *f)
{
	int acc = f->flags & LINUX_O_ACCMODE;

	return !(f->flags & LINUX_O_PATH) && (acc == LINUX_O_RDONLY || acc == LINUX_O_RDWR);
}

bool file_can_write(const struct file *f)
{
	int acc = f->flags & LINUX_O_ACCMODE;

	return !(f->flags & LINUX_O_PATH) && (acc == LINUX_O_WRONLY || acc == LINUX_O_RDWR);
}

int mode_to_dtype(uint32_t mode)
{
	return (int)((mode & S_IFMT_) >> 12);
}

bool dirent_emit(void *buf, size_t n, size_t *used, uint64_t ino, int64_t off, int type, const char *name)
{
	size_t len = strlen(name), reclen = (19 + len + 1 + 7) & ~(size_t)7;
	struct linux_dirent64 *d = (struct linux_dirent64 *)((char *)buf + *used);

	if (*used + reclen > n)
		return false;
	memset(d, 0, reclen);
	d->d_ino = ino;
	d->d_off = off;
	d->d_reclen = (uint16_t)reclen;
	d->d_type = (uint8_t)type;
	memcpy(d->d_name, name, len);
	*used += reclen;
	return true;
}

void poll_table_init(struct poll_table *pt, struct task *t)
{
	memset(pt, 0, sizeof(*pt));
	pt->task = t;
}

void poll_wait(struct poll_table *pt, struct waitq *wq)
{
	if (!pt)
		return;
	if (pt->nwaiters == pt->capw) {
		int i;

		/* Waiters are linked into queues: re-link them after growing. */
		struct waiter *nw = kzalloc(sizeof(*nw) * (size_t)(pt->capw ? pt->capw * 2 : 8));

		for (i = 0; i < pt->nwaiters; i++) {
			struct waitq *q = pt->waiters[i].wq;

			waitq_del(&pt->waiters[i]);
			waitq_add(q, &nw[i], pt->task);
		}
		kfree(pt->waiters);
		pt->waiters = nw;
		pt->capw = pt->capw ? pt->capw * 2 : 8;
	}
	waitq_add(wq, &pt->waiters[pt->nwaiters++], pt->task);
}

void poll_host(struct poll_table *pt, int fd, short events)
{
	if (!pt)
		return;
	if (pt->nhost == pt->caph) {
		pt->caph = pt->caph ? pt->caph * 2 : 4;
		pt->host = krealloc(pt->host, sizeof(*pt->host) * (size_t)pt->caph);
	}
	pt->host[pt->nhost].fd = fd;
	pt->host[pt->nhost].events = events;
	pt->nhost++;
}

void poll_table_free(struct poll_table *pt)
{
	int i;

	for (i = 0; i < pt->nwaiters; i++)
		waitq_del(&pt->waiters[i]);
	kfree(pt->waiters);
	kfree(pt->host);
	pt->waiters = NULL;
	pt->host = NULL;
	pt->nwaiters = pt->nhost = pt->capw = pt->caph = 0;
}
