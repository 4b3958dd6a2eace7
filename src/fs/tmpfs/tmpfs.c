/* SPDX-License-Identifier: MIT */
/*
 * tmpfs. The dentry tree is the directory structure: every linked dentry is
 * pinned (holds a reference) until it is unlinked. Regular file data lives
 * in a host memfd, read and written with pread/pwrite and mapped directly
 * into guest address spaces.
 */
#include <string.h>
#include "abi/errno.h"
#include "fs/tmpfs/tmpfs.h"
#include "fs/vfs/vfs.h"
#include "host/host.h"
#include "kernel/task.h"
#include "lib/err.h"
#include "lib/kstd.h"
#include "mm/mm.h"

struct txattr {
	struct list_head link;
	char *name;
	char *val;
	size_t len;
};

struct tnode {
	int memfd;     /* regular files */
	char *target;  /* symlinks */
	struct list_head xattrs;
};

static const struct inode_ops tmpfs_iops;
static const struct file_ops tmpfs_fops;

static struct tnode *node(struct inode *i)
{
	return i->priv;
}

static void tmpfs_destroy(struct inode *i)
{
	struct tnode *n = node(i);
	struct txattr *x, *nx;

	list_for_each_entry_safe(x, nx, &n->xattrs, link) {
		kfree(x->name);
		kfree(x->val);
		kfree(x);
	}
	if (n->memfd >= 0)
		host_close(n->memfd);
	kfree(n->target);
	kfree(n);
}

static void touch(struct inode *i, bool m, bool c)
{
	int64_t ns = clock_realtime_ns();
	struct linux_timespec ts = { ns / 1000000000, ns % 1000000000 };

	if (m)
		i->mtime = ts;
	if (c)
		i->ctime = ts;
}

static struct inode *tmpfs_inode(struct super_block *sb, uint32_t mode)
{
	struct inode *i = inode_new(sb, mode);
	struct tnode *n = kzalloc(sizeof(*n));

	n->memfd = -1;
	list_init(&n->xattrs);
	i->priv = n;
	i->iops = &tmpfs_iops;
	i->fops = &tmpfs_fops;
	i->destroy = tmpfs_destroy;
	if (current) {
		i->uid = current->tg->cred.fsuid;
		i->gid = current->tg->cred.fsgid;
	}
	if (MODE_ISDIR(mode))
		i->nlink = 2;
	if (MODE_ISREG(mode)) {
		i->seals_ok = true;
		i->seals = SEAL_SEAL; /* memfd_create(MFD_ALLOW_SEALING) clears it */
		n->memfd = host_memfd("ukern-tmpfs");
		if (n->memfd < 0) {
			inode_put(i);
			return ERR_PTR(n->memfd);
		}
	}
	return i;
}

/* Links a new inode under dir: the dentry's creation reference is the pin. */
static struct dentry *link_child(struct dentry *dir, const char *name, struct inode *i)
{
	struct dentry *d = dentry_new(dir, name, i);

	d->pinned = true;
	if (MODE_ISDIR(i->mode))
		dir->inode->nlink++;
	touch(dir->inode, true, true);
	return d;
}

static struct inode *tmpfs_lookup(struct inode *dir, const char *name)
{
	(void)dir;
	(void)name;
	return ERR_PTR(-ENOENT); /* every child is in the dentry cache */
}

static int make(struct dentry *dir, const char *name, uint32_t mode, uint64_t rdev, const char *target)
{
	struct inode *i = tmpfs_inode(dir->inode->sb, mode);

	if (IS_ERR(i))
		return (int)PTR_ERR(i);
	i->rdev = rdev;
	if (dir->inode->mode & S_ISGID_) {
		i->gid = dir->inode->gid;
		if (MODE_ISDIR(mode))
			i->mode |= S_ISGID_;
	}
	if (target) {
		node(i)->target = kstrdup(target);
		i->size = (int64_t)strlen(target);
	}
	link_child(dir, name, i);
	return 0;
}

static int tmpfs_create(struct dentry *dir, const char *name, uint32_t mode)
{
	return make(dir, name, mode, 0, NULL);
}

static int tmpfs_mkdir(struct dentry *dir, const char *name, uint32_t mode)
{
	return make(dir, name, mode, 0, NULL);
}

static int tmpfs_mknod(struct dentry *dir, const char *name, uint32_t mode, uint64_t dev)
{
	return make(dir, name, mode, dev, NULL);
}

static int tmpfs_symlink(struct dentry *dir, const char *name, const char *target)
{
	return make(dir, name, S_IFLNK_ | 0777, 0, target);
}

static int tmpfs_link(struct dentry *old, struct dentry *dir, const char *name)
{
	struct inode *i = old->inode;

	inode_get(i);
	i->nlink++;
	touch(i, false, true);
	link_child(dir, name, i);
	return 0;
}

static void unpin(struct dentry *dir, struct dentry *d)
{
	if (MODE_ISDIR(d->inode->mode)) {
		dir->inode->nlink--;
		d->inode->nlink = 0;
	} else {
		d->inode->nlink--;
	}
	touch(dir->inode, true, true);
	touch(d->inode, false, true);
	if (d->pinned) {
		d->pinned = false;
		dentry_unhash(d);
		dentry_put(d);
	}
}

static int tmpfs_unlink(struct dentry *dir, struct dentry *d)
{
	unpin(dir, d);
	return 0;
}

static bool dir_empty(struct dentry *d)
{
	struct dentry *c;

	list_for_each_entry(c, &d->children, child_link)
		if (c->pinned)
			return false;
	return true;
}

static int tmpfs_rmdir(struct dentry *dir, struct dentry *d)
{
	if (!dir_empty(d))
		return -ENOTEMPTY;
	unpin(dir, d);
	return 0;
}

static int tmpfs_rename(struct dentry *olddir, struct dentry *old, struct dentry *newdir, const char *newname,
			struct dentry *target, unsigned flags)
{
	(void)newname;
	if (target && !(flags & LINUX_RENAME_EXCHANGE)) {
		if (MODE_ISDIR(target->inode->mode) && !dir_empty(target))
			return -ENOTEMPTY;
		unpin(newdir, target);
	}
	if (olddir != newdir && MODE_ISDIR(old->inode->mode)) {
		olddir->inode->nlink--;
		newdir->inode->nlink++;
	}
	if (target && (flags & LINUX_RENAME_EXCHANGE) && olddir != newdir && MODE_ISDIR(target->inode->mode)) {
		newdir->inode->nlink--;
		olddir->inode->nlink++;
	}
	touch(olddir->inode, true, true);
	touch(newdir->inode, true, true);
	touch(old->inode, false, true);
	return 0;
}

static long tmpfs_readlink(struct dentry *d, char *buf, size_t n)
{
	const char *t = node(d->inode)->target;
	size_t l = strlen(t);

	if (l > n)
		l = n;
	memcpy(buf, t, l);
	return (long)l;
}

static int tmpfs_getattr(struct dentry *d, struct linux_stat *st)
{
	struct inode *i = d->inode;

	if (node(i)->memfd >= 0) {
		struct linux_stat h;

		if (host_fstat(node(i)->memfd, &h) == 0) {
			i->size = h.st_size;
			st->st_blocks = h.st_blocks;
		}
	}
	st->st_dev = i->sb->dev;
	st->st_ino = i->ino;
	st->st_mode = i->mode;
	st->st_nlink = i->nlink;
	st->st_uid = i->uid;
	st->st_gid = i->gid;
	st->st_rdev = i->rdev;
	st->st_size = MODE_ISDIR(i->mode) ? 40 + 20 * 0 : i->size;
	st->st_blksize = 4096;
	st->st_atime_sec = (uint64_t)i->atime.tv_sec;
	st->st_atime_nsec = (uint64_t)i->atime.tv_nsec;
	st->st_mtime_sec = (uint64_t)i->mtime.tv_sec;
	st->st_mtime_nsec = (uint64_t)i->mtime.tv_nsec;
	st->st_ctime_sec = (uint64_t)i->ctime.tv_sec;
	st->st_ctime_nsec = (uint64_t)i->ctime.tv_nsec;
	return 0;
}

static void set_time(struct linux_timespec *dst, const struct linux_timespec *src)
{
	int64_t ns;

	if (src->tv_nsec == LINUX_UTIME_OMIT)
		return;
	if (src->tv_nsec == LINUX_UTIME_NOW) {
		ns = clock_realtime_ns();
		dst->tv_sec = ns / 1000000000;
		dst->tv_nsec = ns % 1000000000;
		return;
	}
	*dst = *src;
}

static int tmpfs_setattr(struct dentry *d, const struct iattr *ia)
{
	struct inode *i = d->inode;
	int r;

	if (ia->valid & ATTR_SIZE) {
		struct linux_stat st;

		if (!MODE_ISREG(i->mode))
			return -EINVAL;
		if (i->seals & (SEAL_SHRINK | SEAL_GROW) && host_fstat(node(i)->memfd, &st) == 0 &&
		    (((i->seals & SEAL_SHRINK) && ia->size < st.st_size) ||
		     ((i->seals & SEAL_GROW) && ia->size > st.st_size)))
			return -EPERM;
		r = host_ftruncate(node(i)->memfd, ia->size);
		if (r < 0)
			return r;
		i->size = ia->size;
		touch(i, true, true);
	}
	if (ia->valid & ATTR_MODE)
		i->mode = (i->mode & S_IFMT_) | (ia->mode & 07777);
	if (ia->valid & ATTR_UID)
		i->uid = ia->uid;
	if (ia->valid & ATTR_GID)
		i->gid = ia->gid;
	if (ia->valid & ATTR_TIMES) {
		set_time(&i->atime, &ia->atime);
		set_time(&i->mtime, &ia->mtime);
	}
	touch(i, false, true);
	return 0;
}

static int tmpfs_open(struct dentry *d, struct file *f, int flags)
{
	(void)flags;
	if (MODE_ISFIFO(d->inode->mode) || MODE_ISSOCK(d->inode->mode))
		return -ENXIO;
	f->ops = &tmpfs_fops;
	return 0;
}

static int tmpfs_statfs(struct dentry *d, struct linux_statfs *st)
{
	uint64_t total = 0, avail = 0;

	(void)d;
	host_meminfo(&total, &avail);
	memset(st, 0, sizeof(*st));
	st->f_type = 0x01021994; /* TMPFS_MAGIC */
	st->f_bsize = 4096;
	st->f_frsize = 4096;
	st->f_blocks = total / 2 / 4096;
	st->f_bfree = st->f_bavail = avail / 2 / 4096;
	st->f_files = 1 << 20;
	st->f_ffree = (1 << 20) - 1000;
	st->f_namelen = 255;
	return 0;
}

static struct txattr *xfind(struct tnode *n, const char *name)
{
	struct txattr *x;

	list_for_each_entry(x, &n->xattrs, link)
		if (!strcmp(x->name, name))
			return x;
	return NULL;
}

static long tmpfs_getxattr(struct dentry *d, const char *name, void *buf, size_t n)
{
	struct txattr *x = xfind(node(d->inode), name);

	if (!x)
		return -ENODATA;
	if (!n)
		return (long)x->len;
	if (n < x->len)
		return -ERANGE;
	memcpy(buf, x->val, x->len);
	return (long)x->len;
}

static int tmpfs_setxattr(struct dentry *d, const char *name, const void *val, size_t n, int flags)
{
	struct txattr *x = xfind(node(d->inode), name);

	if (x && (flags & 1)) /* XATTR_CREATE */
		return -EEXIST;
	if (!x && (flags & 2)) /* XATTR_REPLACE */
		return -ENODATA;
	if (!x) {
		x = kzalloc(sizeof(*x));
		x->name = kstrdup(name);
		list_add_tail(&x->link, &node(d->inode)->xattrs);
	}
	kfree(x->val);
	x->val = kmalloc(n ? n : 1);
	memcpy(x->val, val, n);
	x->len = n;
	touch(d->inode, false, true);
	return 0;
}

static long tmpfs_listxattr(struct dentry *d, char *buf, size_t n)
{
	struct txattr *x;
	size_t need = 0;

	list_for_each_entry(x, &node(d->inode)->xattrs, link)
		need += strlen(x->name) + 1;
	if (!n)
		return (long)need;
	if (n < need)
		return -ERANGE;
	list_for_each_entry(x, &node(d->inode)->xattrs, link) {
		size_t l = strlen(x->name) + 1;

		memcpy(buf, x->name, l);
		buf += l;
	}
	return (long)need;
}

static int tmpfs_removexattr(struct dentry *d, const char *name)
{
	struct txattr *x = xfind(node(d->inode), name);

	if (!x)
		return -ENODATA;
	list_del(&x->link);
	kfree(x->name);
	kfree(x->val);
	kfree(x);
	return 0;
}

static const struct inode_ops tmpfs_iops = {
	.getxattr = tmpfs_getxattr,
	.setxattr = tmpfs_setxattr,
	.listxattr = tmpfs_listxattr,
	.removexattr = tmpfs_removexattr,
	.lookup = tmpfs_lookup,
	.create = tmpfs_create,
	.mkdir = tmpfs_mkdir,
	.mknod = tmpfs_mknod,
	.symlink = tmpfs_symlink,
	.link = tmpfs_link,
	.unlink = tmpfs_unlink,
	.rmdir = tmpfs_rmdir,
	.rename = tmpfs_rename,
	.readlink = tmpfs_readlink,
	.getattr = tmpfs_getattr,
	.setattr = tmpfs_setattr,
	.open = tmpfs_open,
	.statfs = tmpfs_statfs,
};

static long tf_read(struct file *f, void *buf, size_t n, int64_t *pos)
{
	long r = host_pread(node(f->inode)->memfd, buf, n, *pos);

	if (r > 0)
		*pos += r;
	return r;
}

/* A tmpfs file is its memfd. */
static long tf_read_map(struct file *f, int64_t pos, size_t n, int *hostfd, int64_t *hostoff, bool *device)
{
	*device = false;
	*hostfd = node(f->inode)->memfd;
	*hostoff = pos;
	return (long)MIN(n, (size_t)0x7ffff000);
}

static long tf_write(struct file *f, const void *buf, size_t n, int64_t *pos)
{
	int fd = node(f->inode)->memfd;
	struct linux_stat st;
	long r;

	if (f->inode->seals & (SEAL_WRITE | SEAL_FUTURE_WRITE))
		return -EPERM;
	host_fstat(fd, &st);
	if ((f->flags & LINUX_O_APPEND) && pos == &f->pos)
		*pos = st.st_size;
	if ((f->inode->seals & SEAL_GROW) && *pos + (int64_t)n > st.st_size) {
		if (*pos >= st.st_size)
			return -EPERM;
		n = (size_t)(st.st_size - *pos);
	}
	r = host_pwrite(fd, buf, n, *pos);
	if (r > 0) {
		*pos += r;
		touch(f->inode, true, true);
	}
	return r;
}

static int64_t tf_llseek(struct file *f, int64_t off, int whence)
{
	struct linux_stat st;
	int64_t base;

	switch (whence) {
	case LINUX_SEEK_SET: base = 0; break;
	case LINUX_SEEK_CUR: base = f->pos; break;
	case LINUX_SEEK_END:
		if (MODE_ISDIR(f->inode->mode))
			return -EINVAL;
		host_fstat(node(f->inode)->memfd, &st);
		base = st.st_size;
		break;
	case LINUX_SEEK_DATA:
	case LINUX_SEEK_HOLE:
		if (MODE_ISDIR(f->inode->mode))
			return -EINVAL;
		base = host_lseek(node(f->inode)->memfd, off, whence);
		if (base < 0)
			return base;
		f->pos = base;
		return base;
	default:
		return -EINVAL;
	}
	if (base + off < 0)
		return -EINVAL;
	f->pos = base + off;
	if (MODE_ISDIR(f->inode->mode))
		f->dir_cookie = (uint64_t)f->pos;
	return f->pos;
}

static long tf_getdents(struct file *f, void *buf, size_t n)
{
	struct dentry *d = f->path.d, *c;
	uint64_t idx = 0;
	size_t used = 0;

	if (f->pos < 1) {
		if (!dirent_emit(buf, n, &used, d->inode->ino, 1, LINUX_DT_DIR, "."))
			return -EINVAL;
		f->pos = 1;
	}
	if (f->pos < 2) {
		struct inode *pi = d->parent ? d->parent->inode : d->inode;

		if (!dirent_emit(buf, n, &used, pi->ino, 2, LINUX_DT_DIR, ".."))
			return used ? (long)used : -EINVAL;
		f->pos = 2;
	}
	list_for_each_entry(c, &d->children, child_link) {
		if (!c->pinned)
			continue;
		if (idx++ < (uint64_t)f->pos - 2)
			continue;
		if (!dirent_emit(buf, n, &used, c->inode->ino, f->pos + 1, mode_to_dtype(c->inode->mode), c->name))
			return used ? (long)used : -EINVAL;
		f->pos++;
	}
	return (long)used;
}

static int tf_mmap_fd(struct file *f)
{
	return MODE_ISREG(f->inode->mode) ? node(f->inode)->memfd : -ENODEV;
}

static int tf_fsync(struct file *f, int datasync)
{
	(void)f;
	(void)datasync;
	return 0;
}

static int tf_fallocate(struct file *f, int mode, int64_t off, int64_t len)
{
	return host_fallocate(node(f->inode)->memfd, mode, off, len);
}

static const struct file_ops tmpfs_fops = {
	.read = tf_read,
	.read_map = tf_read_map,
	.write = tf_write,
	.llseek = tf_llseek,
	.getdents = tf_getdents,
	.mmap_fd = tf_mmap_fd,
	.fsync = tf_fsync,
	.fallocate = tf_fallocate,
};

static int tmpfs_sb_statfs(struct super_block *sb, struct linux_statfs *st)
{
	(void)sb;
	return tmpfs_statfs(NULL, st);
}

struct dentry *tmpfs_mount(uint32_t root_mode, struct super_block **sb_out, const char *fstype)
{
	struct super_block *sb = kzalloc(sizeof(*sb));
	struct inode *root;

	sb->fstype = fstype;
	sb->dev = vfs_new_dev();
	sb->statfs = tmpfs_sb_statfs;
	root = tmpfs_inode(sb, S_IFDIR_ | root_mode);
	*sb_out = sb;
	return dentry_new(NULL, "/", root);
}

int tmpfs_add_node(struct dentry *dir, const char *name, uint32_t mode, uint64_t rdev, const char *target)
{
	return make(dir, name, mode, rdev, target);
}

int tmpfs_add_file(struct dentry *dir, const char *name, uint32_t mode, const char *text)
{
	struct dentry *c;
	int r = make(dir, name, S_IFREG_ | mode, 0, NULL);

	if (r < 0)
		return r;
	list_for_each_entry(c, &dir->children, child_link) {
		if (!strcmp(c->name, name)) {
			size_t n = strlen(text);

			c->inode->uid = c->inode->gid = 0;
			return host_pwrite(node(c->inode)->memfd, text, n, 0) == (long)n ? 0 : -EIO;
		}
	}
	return -ENOENT;
}

struct dentry *tmpfs_add_dir(struct dentry *dir, const char *name, uint32_t mode)
{
	struct dentry *c;

	make(dir, name, S_IFDIR_ | mode, 0, NULL);
	list_for_each_entry(c, &dir->children, child_link)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

/* True if a guest mapping of i is shared and writable right now (F_SEAL_WRITE is then EBUSY). */
static bool mapped_writable(struct inode *i)
{
	struct thread_group *tg;

	list_for_each_entry(tg, &all_thread_groups, all_link) {
		struct task *t;

		if (tg->state != TG_ALIVE)
			continue;
		list_for_each_entry(t, &tg->threads, tg_link)
			if (t->mm && mm_maps_shared_writable(t->mm, i))
				return true;
	}
	return false;
}

long vfs_add_seals(struct file *f, unsigned seals)
{
	struct inode *i = f->inode;

	if (!i || !i->seals_ok || i->iops != &tmpfs_iops)
		return -EINVAL;
	if (seals & ~(unsigned)(SEAL_SEAL | SEAL_SHRINK | SEAL_GROW | SEAL_WRITE | SEAL_FUTURE_WRITE))
		return -EINVAL;
	if (!file_can_write(f))
		return -EPERM;
	if (i->seals & SEAL_SEAL)
		return -EPERM;
	if ((seals & SEAL_WRITE) && !(i->seals & SEAL_WRITE) && mapped_writable(i))
		return -EBUSY;
	i->seals |= seals;
	return 0;
}

long vfs_get_seals(struct file *f)
{
	if (!f->inode || !f->inode->seals_ok || f->inode->iops != &tmpfs_iops)
		return -EINVAL;
	return (long)f->inode->seals;
}
