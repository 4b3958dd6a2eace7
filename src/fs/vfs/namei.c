/* SPDX-License-Identifier: MIT */
/* Operations on names: open/create, mkdir, mknod, unlink, rmdir, rename, link, symlink, readlink. */
#include <string.h>
#include "abi/errno.h"
#include "fs/vfs/vfs.h"
#include "kernel/task.h"
#include "lib/err.h"
#include "lib/kstd.h"

/* Strips a trailing '/' from last; returns true if there was one. */
static bool strip_slash(char *last)
{
	size_t n = strlen(last);

	if (n > 1 && last[n - 1] == '/') {
		last[n - 1] = 0;
		return true;
	}
	return false;
}

/* ".", ".." or "/" (the root itself) as the last component. */
static bool is_dot(const char *s)
{
	return !strcmp(s, ".") || !strcmp(s, "..") || !strcmp(s, "/");
}

bool vfs_is_readonly(const struct path *p)
{
	return p->mnt && (p->mnt->flags & MNT_RDONLY);
}

int vfs_getattr(const struct path *p, struct linux_stat *st)
{
	struct inode *i = p->d->inode;

	memset(st, 0, sizeof(*st));
	if (i->iops && i->iops->getattr)
		return i->iops->getattr(p->d, st);
	st->st_dev = i->sb ? i->sb->dev : 0;
	st->st_ino = i->ino;
	st->st_mode = i->mode;
	st->st_nlink = i->nlink;
	st->st_uid = i->uid;
	st->st_gid = i->gid;
	st->st_rdev = i->rdev;
	st->st_size = i->size;
	st->st_blksize = 4096;
	st->st_blocks = (i->size + 511) / 512;
	st->st_atime_sec = (uint64_t)i->atime.tv_sec;
	st->st_atime_nsec = (uint64_t)i->atime.tv_nsec;
	st->st_mtime_sec = (uint64_t)i->mtime.tv_sec;
	st->st_mtime_nsec = (uint64_t)i->mtime.tv_nsec;
	st->st_ctime_sec = (uint64_t)i->ctime.tv_sec;
	st->st_ctime_nsec = (uint64_t)i->ctime.tv_nsec;
	return 0;
}

int vfs_setattr(const struct path *p, const struct iattr *ia)
{
	struct inode *i = p->d->inode;
	int r;

	if (vfs_is_readonly(p))
		return -EROFS;
	if (!i->iops || !i->iops->setattr)
		return -EPERM;
	r = i->iops->setattr(p->d, ia);
	if (r == 0)
		fsnotify_path(p, (ia->valid & ATTR_SIZE) ? FSN_MODIFY : FSN_ATTRIB);
	return r;
}

int vfs_permission(struct task *t, const struct path *p, int mask)
{
	struct linux_stat st;
	const struct cred *c;
	uint32_t mode;
	int r;

	if (!t || !mask)
		return 0;
	c = &t->tg->cred;
	if ((mask & LINUX_W_OK) && vfs_is_readonly(p)) {
		uint32_t m = p->d->inode->mode;

		if (MODE_ISREG(m) || MODE_ISDIR(m) || MODE_ISLNK(m))
			return -EROFS;
	}
	if (c->fsuid == 0) {
		/* Root may do anything, but execute needs some x bit on non-directories. */
		if ((mask & LINUX_X_OK) && !MODE_ISDIR(p->d->inode->mode)) {
			r = vfs_getattr(p, &st);
			if (r < 0)
				return r;
			if (!(st.st_mode & 0111))
				return -EACCES;
		}
		return 0;
	}
	r = vfs_getattr(p, &st);
	if (r < 0)
		return r;
	mode = st.st_mode;
	if (st.st_uid == c->fsuid) {
		mode >>= 6;
	} else {
		bool in = st.st_gid == c->fsgid;
		int i;

		for (i = 0; !in && i < c->ngroups; i++)
			in = c->groups[i] == st.st_gid;
		if (in)
			mode >>= 3;
	}
	if ((mode & (uint32_t)mask & 7) == ((uint32_t)mask & 7))
		return 0;
	return -EACCES;
}

/* Resolves the parent of path; returns the parent (referenced) and last name. */
/* May a name be added to or removed from directory dir: write and search permission, not read-only. */
static int may_change_dir(struct task *t, const struct path *dir)
{
	int r = vfs_permission(t, dir, LINUX_W_OK | LINUX_X_OK);

	return r == 0 && vfs_is_readonly(dir) ? -EROFS : r;
}

static int lookup_parent(struct task *t, int dirfd, const char *path, struct path *parent, char **last)
{
	int r = path_lookup(t, dirfd, path, LOOKUP_PARENT, parent, last);

	if (r < 0)
		return r;
	if (!parent->d->inode || !MODE_ISDIR(parent->d->inode->mode)) {
		path_put(parent);
		kfree(*last);
		return -ENOTDIR;
	}
	return 0;
}

struct file *vfs_open_path(struct task *t, const struct path *p, int flags)
{
	struct inode *i = p->d->inode;
	struct file *f;
	int r;

	f = file_new(NULL, flags & ~(LINUX_O_CREAT | LINUX_O_EXCL | LINUX_O_NOCTTY | LINUX_O_TRUNC | LINUX_O_CLOEXEC));
	f->path = *p;
	path_get(&f->path);
	f->inode = i;
	inode_get(i);
	if (flags & LINUX_O_PATH) {
		f->flags = LINUX_O_PATH | (flags & (LINUX_O_DIRECTORY | LINUX_O_NOFOLLOW));
		return f;
	}
	f->flags |= LINUX_O_LARGEFILE; /* force_o_largefile() on 64-bit */
	if (i->open_self) {
		r = i->iops->open(p->d, f, flags);
	} else if (MODE_ISFIFO(i->mode)) {
		struct linux_stat st;

		f->flags &= ~LINUX_O_LARGEFILE;
		r = vfs_getattr(p, &st);
		if (r == 0)
			r = fifo_open(f, st.st_dev, st.st_ino, flags);
	} else if (MODE_ISCHR(i->mode) || MODE_ISBLK(i->mode))
		r = device_open(i, f, flags);
	else if (i->iops && i->iops->open)
		r = i->iops->open(p->d, f, flags);
	else
		r = -ENXIO;
	if (r < 0) {
		file_put(f);
		return ERR_PTR(r);
	}
	return f;
}

/* base, when set, is the directory relative paths start from (a symlink's directory). */
static long open_at(struct task *t, const struct path *base, int dirfd, const char *path, int flags, uint32_t mode,
		    int resolve, struct file **out, int depth)
{
	struct path parent, p;
	char *last = NULL;
	int acc = flags & LINUX_O_ACCMODE, lflags = resolve;
	bool slash;
	struct file *f;
	long r;

	if ((flags & LINUX_O_TMPFILE) == LINUX_O_TMPFILE)
		return -EOPNOTSUPP; /* documented: O_TMPFILE not supported */
	if (acc == 3 && !(flags & LINUX_O_PATH))
		return -EINVAL;
	if (!(flags & LINUX_O_NOFOLLOW))
		lflags |= LOOKUP_FOLLOW;
	if (!(flags & LINUX_O_CREAT) || (flags & LINUX_O_PATH)) {
		if (flags & LINUX_O_DIRECTORY)
			lflags |= LOOKUP_DIRECTORY;
		r = base ? path_lookup_at(t, base, path, lflags, &p, NULL) : path_lookup(t, dirfd, path, lflags, &p, NULL);
		if (r < 0)
			return r;
		goto have_path;
	}
	/* O_CREAT: look at the parent, then the last name. */
	if (base) {
		r = path_lookup_at(t, base, path, LOOKUP_PARENT, &parent, &last);
		if (r == 0 && !MODE_ISDIR(parent.d->inode->mode)) {
			path_put(&parent);
			kfree(last);
			r = -ENOTDIR;
		}
	} else {
		r = lookup_parent(t, dirfd, path, &parent, &last);
	}
	if (r < 0)
		return r;
	slash = strip_slash(last);
	if (slash || is_dot(last) || (flags & LINUX_O_DIRECTORY)) {
		r = is_dot(last) || slash ? -EISDIR : -EINVAL;
		/* An existing directory with O_CREAT: EISDIR. */
		goto out_parent;
	}
	r = path_lookup_child(&parent, last, &p);
	if (r == -ENOENT) {
		struct inode *dir = parent.d->inode;

		r = may_change_dir(t, &parent);
		if (r < 0)
			goto out_parent;
		if (!dir->iops || !dir->iops->create) {
			r = -EACCES;
			goto out_parent;
		}
		r = dir->iops->create(parent.d, last, (mode & 07777 & ~t->fs->umask) | S_IFREG_);
		if (r < 0)
			goto out_parent;
		fsnotify_dir(&parent, FSN_CREATE, 0, last);
		r = path_lookup_child(&parent, last, &p);
		if (r < 0)
			goto out_parent;
		flags &= ~LINUX_O_TRUNC;
		path_put(&parent);
		kfree(last);
		goto opened_new;
	}
	if (r < 0)
		goto out_parent;
	if (flags & LINUX_O_EXCL) {
		path_put(&p);
		r = -EEXIST;
		goto out_parent;
	}
	if (p.d->inode && MODE_ISLNK(p.d->inode->mode) && !(flags & LINUX_O_NOFOLLOW)) {
		/* O_CREAT through a symlink opens, or creates, its target. */
		char *target = kmalloc(4096);
		long n = vfs_readlink_path(&p, target, 4095);

		path_put(&p);
		if (n < 0 || depth >= 40) {
			kfree(target);
			r = n < 0 ? (int)n : -ELOOP;
			goto out_parent;
		}
		target[n] = 0;
		r = open_at(t, &parent, dirfd, target, flags, mode, resolve, out, depth + 1);
		kfree(target);
		goto out_parent;
	}
	path_put(&parent);
	kfree(last);
	last = NULL;
have_path:
	{
		struct inode *i = p.d->inode;
		int mask = 0;

		if (MODE_ISLNK(i->mode) && !(flags & LINUX_O_PATH)) {
			r = -ELOOP;
			goto out_p;
		}
		if ((flags & LINUX_O_DIRECTORY) && !MODE_ISDIR(i->mode)) {
			r = -ENOTDIR;
			goto out_p;
		}
		if (MODE_ISDIR(i->mode) && !(flags & LINUX_O_PATH) &&
		    (acc != LINUX_O_RDONLY || (flags & LINUX_O_CREAT) || (flags & LINUX_O_TRUNC))) {
			r = -EISDIR;
			goto out_p;
		}
		if (!(flags & LINUX_O_PATH)) {
			if (acc == LINUX_O_RDONLY || acc == LINUX_O_RDWR)
				mask |= LINUX_R_OK;
			if (acc == LINUX_O_WRONLY || acc == LINUX_O_RDWR || (flags & LINUX_O_TRUNC))
				mask |= LINUX_W_OK;
			r = vfs_permission(t, &p, mask);
			if (r < 0)
				goto out_p;
		}
	}
opened_new:
	f = vfs_open_path(t, &p, flags);
	if (IS_ERR(f)) {
		r = PTR_ERR(f);
		goto out_p;
	}
	if (!(flags & LINUX_O_PATH))
		fsnotify_path(&p, FSN_OPEN);
	if ((flags & LINUX_O_TRUNC) && MODE_ISREG(p.d->inode->mode) && file_can_write(f)) {
		r = vfs_truncate_file(f, 0);
		if (r < 0) {
			file_put(f);
			goto out_p;
		}
	}
	path_put(&p);
	*out = f;
	return 0;
out_p:
	path_put(&p);
	return r;
out_parent:
	path_put(&parent);
	kfree(last);
	return r;
}

long vfs_open(struct task *t, int dirfd, const char *path, int flags, uint32_t mode, int resolve,
	      struct file **out)
{
	return open_at(t, NULL, dirfd, path, flags, mode, resolve, out, 0);
}

/* Common prologue for operations that create or remove a name. */
static int prep_parent(struct task *t, int dirfd, const char *path, struct path *parent, char **last)
{
	int r = lookup_parent(t, dirfd, path, parent, last);

	if (r < 0)
		return r;
	r = may_change_dir(t, parent);
	if (r < 0) {
		path_put(parent);
		kfree(*last);
	}
	return r;
}

/*
 * For operations that make a new name (Linux filename_create): the parent
 * and the last component, -EEXIST if the name is taken (checked before
 * permission, as Linux does), then write permission on the parent.
 */
static int create_prep(struct task *t, int dirfd, const char *path, bool allow_slash, struct path *parent,
		       char **last)
{
	struct path p;
	int r = lookup_parent(t, dirfd, path, parent, last);

	if (r < 0)
		return r;
	if ((strip_slash(*last) && !allow_slash) || is_dot(*last))
		r = -EEXIST;
	else if (path_lookup_child(parent, *last, &p) == 0) {
		path_put(&p);
		r = -EEXIST;
	} else {
		r = may_change_dir(t, parent);
	}
	if (r < 0) {
		path_put(parent);
		kfree(*last);
	}
	return r;
}

int vfs_mkdir(struct task *t, int dirfd, const char *path, uint32_t mode)
{
	struct path parent;
	char *last;
	int r = create_prep(t, dirfd, path, true, &parent, &last);

	if (r < 0)
		return r;
	r = parent.d->inode->iops->mkdir ? parent.d->inode->iops->mkdir(parent.d, last,
		(mode & 07777 & ~t->fs->umask) | S_IFDIR_) : -EPERM;
	if (r == 0)
		fsnotify_dir(&parent, FSN_CREATE | FSN_ISDIR, 0, last);
	path_put(&parent);
	kfree(last);
	return r;
}

int vfs_mknod(struct task *t, int dirfd, const char *path, uint32_t mode, uint64_t dev)
{
	struct path parent;
	char *last;
	int r;

	switch (mode & S_IFMT_) {
	case 0:
		mode |= S_IFREG_;
		break;
	case S_IFREG_: case S_IFCHR_: case S_IFBLK_: case S_IFIFO_: case S_IFSOCK_:
		break;
	case S_IFDIR_:
		return -EPERM;
	default:
		return -EINVAL;
	}
	r = create_prep(t, dirfd, path, false, &parent, &last);
	if (r < 0)
		return r;
	if (MODE_ISREG(mode))
		r = parent.d->inode->iops->create ? parent.d->inode->iops->create(parent.d, last,
			(mode & ~t->fs->umask & 07777) | S_IFREG_) : -EPERM;
	else
		r = parent.d->inode->iops->mknod ? parent.d->inode->iops->mknod(parent.d, last,
			(mode & ~t->fs->umask & 07777) | (mode & S_IFMT_), dev) : -EPERM;
	if (r == 0)
		fsnotify_dir(&parent, FSN_CREATE, 0, last);
	path_put(&parent);
	kfree(last);
	return r;
}

static bool is_mountpoint(const struct path *p)
{
	return p->d == p->mnt->root;
}

int vfs_unlink(struct task *t, int dirfd, const char *path, bool rmdir)
{
	struct path parent, p;
	uint64_t gone_dev = 0, gone_ino = 0;
	bool gone_last = false;
	char *last;
	bool slash;
	int r = prep_parent(t, dirfd, path, &parent, &last);

	if (r < 0)
		return r;
	slash = strip_slash(last);
	if (is_dot(last)) {
		if (!strcmp(last, "/"))
			r = rmdir ? -EBUSY : -EISDIR;
		else
			r = rmdir ? (!strcmp(last, ".") ? -EINVAL : -ENOTEMPTY) : -EISDIR;
		goto out;
	}
	r = path_lookup_child(&parent, last, &p);
	if (r < 0)
		goto out;
	{
		/* What inotify needs to know after the name is gone. */
		struct linux_stat st;

		if (fsnotify_active() && vfs_getattr(&p, &st) == 0) {
			gone_dev = st.st_dev;
			gone_ino = st.st_ino;
			gone_last = MODE_ISDIR(st.st_mode) || st.st_nlink <= 1;
		}
	}
	if (rmdir) {
		if (!MODE_ISDIR(p.d->inode->mode))
			r = -ENOTDIR;
		else if (is_mountpoint(&p) || p.mnt != parent.mnt)
			r = -EBUSY;
		else
			r = parent.d->inode->iops->rmdir ? parent.d->inode->iops->rmdir(parent.d, p.d) : -EPERM;
	} else {
		if (MODE_ISDIR(p.d->inode->mode))
			r = -EISDIR;
		else if (slash)
			r = -ENOTDIR;
		else
			r = parent.d->inode->iops->unlink ? parent.d->inode->iops->unlink(parent.d, p.d) : -EPERM;
	}
	if (r == 0) {
		dentry_unhash(p.d);
		fsnotify_dir(&parent, FSN_DELETE | (rmdir ? FSN_ISDIR : 0), 0, last);
		if (gone_ino)
			fsnotify(gone_dev, gone_ino, gone_last ? FSN_DELETE_SELF : FSN_ATTRIB, 0, NULL);
	}
	path_put(&p);
out:
	path_put(&parent);
	kfree(last);
	return r;
}

/* True if a is b or an ancestor of b (same mount). */
static bool is_ancestor(struct dentry *a, struct dentry *b)
{
	for (; b; b = b->parent)
		if (a == b)
			return true;
	return false;
}

int vfs_rename(struct task *t, int olddirfd, const char *oldpath, int newdirfd, const char *newpath,
	       unsigned flags)
{
	struct path op, np, old, target = { 0 };
	char *olast, *nlast;
	bool has_target, oslash, nslash;
	int r;

	if (flags & ~(LINUX_RENAME_NOREPLACE | LINUX_RENAME_EXCHANGE))
		return -EINVAL;
	if ((flags & LINUX_RENAME_NOREPLACE) && (flags & LINUX_RENAME_EXCHANGE))
		return -EINVAL;
	r = prep_parent(t, olddirfd, oldpath, &op, &olast);
	if (r < 0)
		return r;
	r = prep_parent(t, newdirfd, newpath, &np, &nlast);
	if (r < 0)
		goto out_old;
	oslash = strip_slash(olast);
	nslash = strip_slash(nlast);
	if (is_dot(olast) || is_dot(nlast)) {
		r = -EBUSY;
		goto out_new;
	}
	if (op.mnt != np.mnt) {
		r = -EXDEV;
		goto out_new;
	}
	r = path_lookup_child(&op, olast, &old);
	if (r < 0)
		goto out_new;
	if (old.mnt != op.mnt || is_mountpoint(&old)) {
		r = -EBUSY;
		goto out_oldp;
	}
	if ((oslash || nslash) && !MODE_ISDIR(old.d->inode->mode)) {
		r = -ENOTDIR;
		goto out_oldp;
	}
	has_target = path_lookup_child(&np, nlast, &target) == 0;
	if (!has_target && (flags & LINUX_RENAME_EXCHANGE)) {
		r = -ENOENT;
		goto out_oldp;
	}
	if (has_target) {
		if (flags & LINUX_RENAME_NOREPLACE) {
			r = -EEXIST;
			goto out_target;
		}
		/* The same file (also two hard links of it): nothing to do (rename(2)). */
		if (target.d == old.d || target.d->inode == old.d->inode) {
			r = 0;
			goto out_target;
		}
		if (target.mnt != np.mnt || is_mountpoint(&target)) {
			r = -EBUSY;
			goto out_target;
		}
		if (!(flags & LINUX_RENAME_EXCHANGE)) {
			bool od = MODE_ISDIR(old.d->inode->mode), td = MODE_ISDIR(target.d->inode->mode);

			if (od && !td) {
				r = -ENOTDIR;
				goto out_target;
			}
			if (!od && td) {
				r = -EISDIR;
				goto out_target;
			}
		}
	}
	if (MODE_ISDIR(old.d->inode->mode) && is_ancestor(old.d, np.d)) {
		r = -EINVAL;
		goto out_target;
	}
	if (has_target && (flags & LINUX_RENAME_EXCHANGE) && MODE_ISDIR(target.d->inode->mode) &&
	    is_ancestor(target.d, op.d)) {
		r = -EINVAL;
		goto out_target;
	}
	if (!op.d->inode->iops->rename) {
		r = -EPERM;
		goto out_target;
	}
	r = op.d->inode->iops->rename(op.d, old.d, np.d, nlast, has_target ? target.d : NULL, flags);
	if (r == 0 && fsnotify_active()) {
		uint32_t cookie = fsnotify_cookie(), dir = MODE_ISDIR(old.d->inode->mode) ? FSN_ISDIR : 0;

		fsnotify_dir(&op, FSN_MOVED_FROM | dir, cookie, olast);
		fsnotify_dir(&np, FSN_MOVED_TO | dir, cookie, nlast);
		fsnotify_path(&old, FSN_MOVE_SELF);
	}
	if (r == 0) {
		if (flags & LINUX_RENAME_EXCHANGE) {
			char *tmp = kstrdup(olast);

			dentry_move(target.d, op.d, tmp);
			kfree(tmp);
		} else if (has_target) {
			dentry_unhash(target.d);
		}
		dentry_move(old.d, np.d, nlast);
	}
out_target:
	if (has_target)
		path_put(&target);
out_oldp:
	path_put(&old);
out_new:
	path_put(&np);
	kfree(nlast);
out_old:
	path_put(&op);
	kfree(olast);
	return r;
}

int vfs_link(struct task *t, int olddirfd, const char *oldpath, int newdirfd, const char *newpath, int flags)
{
	struct path old, np;
	char *last;
	int r;

	r = path_lookup(t, olddirfd, oldpath,
			((flags & LINUX_AT_SYMLINK_FOLLOW) ? LOOKUP_FOLLOW : 0) |
			((flags & LINUX_AT_EMPTY_PATH) ? LOOKUP_EMPTY : 0), &old, NULL);
	if (r < 0)
		return r;
	if (MODE_ISDIR(old.d->inode->mode)) {
		r = -EPERM;
		goto out_old;
	}
	r = create_prep(t, newdirfd, newpath, false, &np, &last);
	if (r < 0)
		goto out_old;
	if (old.mnt != np.mnt) {
		r = -EXDEV;
		goto out;
	}
	r = np.d->inode->iops->link ? np.d->inode->iops->link(old.d, np.d, last) : -EPERM;
	if (r == 0) {
		fsnotify_path(&old, FSN_ATTRIB);
		fsnotify_dir(&np, FSN_CREATE, 0, last);
	}
out:
	path_put(&np);
	kfree(last);
out_old:
	path_put(&old);
	return r;
}

int vfs_symlink(struct task *t, const char *target, int dirfd, const char *path)
{
	struct path parent;
	char *last;
	int r;

	if (!*target)
		return -ENOENT;
	r = create_prep(t, dirfd, path, false, &parent, &last);
	if (r < 0)
		return r;
	r = parent.d->inode->iops->symlink ? parent.d->inode->iops->symlink(parent.d, last, target) : -EPERM;
	if (r == 0)
		fsnotify_dir(&parent, FSN_CREATE, 0, last);
	path_put(&parent);
	kfree(last);
	return r;
}

long vfs_readlink_path(const struct path *p, char *buf, size_t n)
{
	struct inode *i = p->d->inode;

	if (!MODE_ISLNK(i->mode))
		return -EINVAL;
	if (!i->iops || !i->iops->readlink)
		return -EINVAL;
	return i->iops->readlink(p->d, buf, n);
}

long vfs_readlink(struct task *t, int dirfd, const char *path, char *buf, size_t n)
{
	struct path p;
	long r = path_lookup(t, dirfd, path, LOOKUP_EMPTY, &p, NULL);

	if (r < 0)
		return r;
	r = vfs_readlink_path(&p, buf, n);
	path_put(&p);
	return r;
}
