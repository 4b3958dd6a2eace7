/* SPDX-License-Identifier: MIT */
/* Names and attributes: mkdir, unlink, rename, link, symlink, mknod, getdents64, cwd, chmod/chown, times, truncate, sync. */
#include <string.h>
#include "abi/errno.h"
#include "fs/ext4/ext4.h"
#include "fs/vfs/vfs.h"
#include "kernel/task.h"
#include "lib/err.h"
#include "lib/kstd.h"
#include "mm/uaccess.h"
#include "syscalls/syscalls.h"

#define WITH_PATH(var, uptr)                 \
	char *var = getname(t, (uptr));      \
	if (IS_ERR(var))                     \
		return PTR_ERR(var)

static long mkdirat_(struct task *t, int dirfd, uaddr_t up, uint32_t mode)
{
	WITH_PATH(p, up);
	long r = vfs_mkdir(t, dirfd, p, mode);

	kfree(p);
	return r;
}

/* mkdir(2). */
long sys_mkdir(struct task *t, const struct syscall_args *a)
{
	return mkdirat_(t, LINUX_AT_FDCWD, a->a[0], (uint32_t)a->a[1]);
}

/* mkdirat(2). */
long sys_mkdirat(struct task *t, const struct syscall_args *a)
{
	return mkdirat_(t, ARG_INT(0), a->a[1], (uint32_t)a->a[2]);
}

static long mknodat_(struct task *t, int dirfd, uaddr_t up, uint32_t mode, uint64_t dev)
{
	WITH_PATH(p, up);
	long r = vfs_mknod(t, dirfd, p, mode, dev);

	kfree(p);
	return r;
}

/* mknod(2). */
long sys_mknod(struct task *t, const struct syscall_args *a)
{
	return mknodat_(t, LINUX_AT_FDCWD, a->a[0], (uint32_t)a->a[1], a->a[2]);
}

/* mknodat(2). */
long sys_mknodat(struct task *t, const struct syscall_args *a)
{
	return mknodat_(t, ARG_INT(0), a->a[1], (uint32_t)a->a[2], a->a[3]);
}

static long unlinkat_(struct task *t, int dirfd, uaddr_t up, bool rmdir)
{
	WITH_PATH(p, up);
	long r = vfs_unlink(t, dirfd, p, rmdir);

	kfree(p);
	return r;
}

/* rmdir(2). */
long sys_rmdir(struct task *t, const struct syscall_args *a)
{
	return unlinkat_(t, LINUX_AT_FDCWD, a->a[0], true);
}

/* unlink(2). */
long sys_unlink(struct task *t, const struct syscall_args *a)
{
	return unlinkat_(t, LINUX_AT_FDCWD, a->a[0], false);
}

/* unlinkat(2). */
long sys_unlinkat(struct task *t, const struct syscall_args *a)
{
	if (a->a[2] & ~(uint64_t)LINUX_AT_REMOVEDIR)
		return -EINVAL;
	return unlinkat_(t, ARG_INT(0), a->a[1], a->a[2] & LINUX_AT_REMOVEDIR);
}

/* Copies two paths from the guest (rename, link, symlink). Returns 0 or -errno. */
static long getnames(struct task *t, uaddr_t ua, uaddr_t ub, char **a, char **b)
{
	*a = getname(t, ua);
	if (IS_ERR(*a))
		return PTR_ERR(*a);
	*b = getname(t, ub);
	if (IS_ERR(*b)) {
		kfree(*a);
		return PTR_ERR(*b);
	}
	return 0;
}

static long renameat_(struct task *t, int od, uaddr_t op, int nd, uaddr_t np, unsigned flags)
{
	char *o = NULL, *n = NULL;
	long r = getnames(t, op, np, &o, &n);

	if (r < 0)
		return r;
	r = vfs_rename(t, od, o, nd, n, flags);
	kfree(o);
	kfree(n);
	return r;
}

/* rename(2). */
long sys_rename(struct task *t, const struct syscall_args *a)
{
	return renameat_(t, LINUX_AT_FDCWD, a->a[0], LINUX_AT_FDCWD, a->a[1], 0);
}

/* renameat(2). */
long sys_renameat(struct task *t, const struct syscall_args *a)
{
	return renameat_(t, ARG_INT(0), a->a[1], ARG_INT(2), a->a[3], 0);
}

/* renameat2(2). RENAME_WHITEOUT is EINVAL. */
long sys_renameat2(struct task *t, const struct syscall_args *a)
{
	return renameat_(t, ARG_INT(0), a->a[1], ARG_INT(2), a->a[3], (unsigned)a->a[4]);
}

static long linkat_(struct task *t, int od, uaddr_t op, int nd, uaddr_t np, int flags)
{
	char *o = NULL, *n = NULL;
	long r;

	if (flags & ~(LINUX_AT_SYMLINK_FOLLOW | LINUX_AT_EMPTY_PATH))
		return -EINVAL;
	r = getnames(t, op, np, &o, &n);
	if (r < 0)
		return r;
	r = vfs_link(t, od, o, nd, n, flags);
	kfree(o);
	kfree(n);
	return r;
}

/* link(2). */
long sys_link(struct task *t, const struct syscall_args *a)
{
	return linkat_(t, LINUX_AT_FDCWD, a->a[0], LINUX_AT_FDCWD, a->a[1], 0);
}

/* linkat(2). */
long sys_linkat(struct task *t, const struct syscall_args *a)
{
	return linkat_(t, ARG_INT(0), a->a[1], ARG_INT(2), a->a[3], ARG_INT(4));
}

static long symlinkat_(struct task *t, uaddr_t target, int dirfd, uaddr_t up)
{
	char *tg = NULL, *p = NULL;
	long r = getnames(t, target, up, &tg, &p);

	if (r < 0)
		return r;
	r = vfs_symlink(t, tg, dirfd, p);
	kfree(tg);
	kfree(p);
	return r;
}

/* symlink(2). */
long sys_symlink(struct task *t, const struct syscall_args *a)
{
	return symlinkat_(t, a->a[0], LINUX_AT_FDCWD, a->a[1]);
}

/* symlinkat(2). */
long sys_symlinkat(struct task *t, const struct syscall_args *a)
{
	return symlinkat_(t, a->a[0], ARG_INT(1), a->a[2]);
}

/* getdents64(2). */
long sys_getdents64(struct task *t, const struct syscall_args *a)
{
	struct file *f = fd_get(t, ARG_INT(0));
	size_t n = MIN(a->a[2], (uint64_t)65536);
	char *buf;
	long r;

	if (!f)
		return -EBADF;
	buf = kzalloc(n ? n : 1);
	r = vfs_getdents(f, buf, n);
	if (r > 0 && copy_to_user(t->mm, a->a[1], buf, (size_t)r))
		r = -EFAULT;
	kfree(buf);
	file_put(f);
	return r;
}

/* getcwd(2). */
long sys_getcwd(struct task *t, const struct syscall_args *a)
{
	char buf[4096];
	int n = path_to_string(&t->fs->cwd, &t->fs->root, buf, sizeof(buf));

	if (n < 0)
		return n;
	if (t->fs->cwd.d->unhashed)
		return -ENOENT;
	if ((size_t)n + 1 > a->a[1])
		return -ERANGE;
	return copy_to_user(t->mm, a->a[0], buf, (size_t)n + 1) ? -EFAULT : n + 1;
}

static long set_dir(struct task *t, struct path *p, bool root)
{
	long r;

	if (!MODE_ISDIR(p->d->inode->mode)) {
		path_put(p);
		return -ENOTDIR;
	}
	r = vfs_permission(t, p, LINUX_X_OK);
	if (r == 0 && root && !cred_is_root(&t->tg->cred))
		r = -EPERM;
	if (r < 0) {
		path_put(p);
		return r;
	}
	if (root) {
		path_put(&t->fs->root);
		t->fs->root = *p;
	} else {
		path_put(&t->fs->cwd);
		t->fs->cwd = *p;
	}
	return 0;
}

static long chdir_path(struct task *t, uaddr_t up, bool root)
{
	WITH_PATH(p, up);
	struct path d;
	long r = path_lookup(t, LINUX_AT_FDCWD, p, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &d, NULL);

	kfree(p);
	if (r < 0)
		return r;
	return set_dir(t, &d, root);
}

/* chdir(2). */
long sys_chdir(struct task *t, const struct syscall_args *a)
{
	return chdir_path(t, a->a[0], false);
}

/* chroot(2): the new root is resolved inside the current one, so it can only narrow it. */
long sys_chroot(struct task *t, const struct syscall_args *a)
{
	return chdir_path(t, a->a[0], true);
}

/* fchdir(2). */
long sys_fchdir(struct task *t, const struct syscall_args *a)
{
	struct file *f = fd_get(t, ARG_INT(0));
	struct path p;

	if (!f)
		return -EBADF;
	if (!f->path.d) {
		file_put(f);
		return -ENOTDIR;
	}
	p = f->path;
	path_get(&p);
	file_put(f);
	return set_dir(t, &p, false);
}

/* Applies ia to path (dirfd, upath); fd-based when upath is 0. */
static long setattr_at(struct task *t, int dirfd, uaddr_t up, int lflags, struct iattr *ia, bool is_fd)
{
	struct path p;
	long r;

	if (is_fd) {
		struct file *f = fd_get(t, dirfd);

		if (!f)
			return -EBADF;
		if (!f->path.d) {
			file_put(f);
			return -EBADF;
		}
		p = f->path;
		path_get(&p);
		file_put(f);
	} else {
		char *s = getname(t, up);

		if (IS_ERR(s))
			return PTR_ERR(s);
		r = path_lookup(t, dirfd, s, lflags, &p, NULL);
		kfree(s);
		if (r < 0)
			return r;
	}
	if (!cred_is_root(&t->tg->cred)) {
		struct linux_stat st;

		r = vfs_getattr(&p, &st);
		if (r == 0 && st.st_uid != t->tg->cred.fsuid && (ia->valid & (ATTR_MODE | ATTR_UID | ATTR_GID)))
			r = -EPERM;
		if (r < 0) {
			path_put(&p);
			return r;
		}
	}
	r = vfs_setattr(&p, ia);
	path_put(&p);
	return r;
}

static long chmod_(struct task *t, int dirfd, uaddr_t up, uint32_t mode, bool fd)
{
	struct iattr ia = { .valid = ATTR_MODE, .mode = mode & 07777 };

	return setattr_at(t, dirfd, up, LOOKUP_FOLLOW, &ia, fd);
}

/* chmod(2). */
long sys_chmod(struct task *t, const struct syscall_args *a)
{
	return chmod_(t, LINUX_AT_FDCWD, a->a[0], (uint32_t)a->a[1], false);
}

static bool is_opath(struct task *t, int fd)
{
	struct file *f = fd_get(t, fd);
	bool r = f && (f->flags & LINUX_O_PATH);

	if (f)
		file_put(f);
	return r;
}

/* fchmod(2). */
long sys_fchmod(struct task *t, const struct syscall_args *a)
{
	if (is_opath(t, ARG_INT(0)))
		return -EBADF;
	return chmod_(t, ARG_INT(0), 0, (uint32_t)a->a[1], true);
}

/* fchmodat(2). */
long sys_fchmodat(struct task *t, const struct syscall_args *a)
{
	return chmod_(t, ARG_INT(0), a->a[1], (uint32_t)a->a[2], false);
}

static long chown_(struct task *t, int dirfd, uaddr_t up, int uid, int gid, int flags, bool fd)
{
	struct iattr ia = { 0 };

	if (flags & ~(LINUX_AT_SYMLINK_NOFOLLOW | LINUX_AT_EMPTY_PATH))
		return -EINVAL;
	if (uid != -1) {
		ia.valid |= ATTR_UID;
		ia.uid = (uint32_t)uid;
	}
	if (gid != -1) {
		ia.valid |= ATTR_GID;
		ia.gid = (uint32_t)gid;
	}
	if ((flags & LINUX_AT_EMPTY_PATH) && !fd) {
		char c;

		if (copy_from_user(t->mm, &c, up, 1))
			return -EFAULT;
		if (!c)
			return setattr_at(t, dirfd, 0, 0, &ia, true);
	}
	return setattr_at(t, dirfd, up, (flags & LINUX_AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &ia, fd);
}

/* chown(2). */
long sys_chown(struct task *t, const struct syscall_args *a)
{
	return chown_(t, LINUX_AT_FDCWD, a->a[0], ARG_INT(1), ARG_INT(2), 0, false);
}

/* lchown(2). */
long sys_lchown(struct task *t, const struct syscall_args *a)
{
	return chown_(t, LINUX_AT_FDCWD, a->a[0], ARG_INT(1), ARG_INT(2), LINUX_AT_SYMLINK_NOFOLLOW, false);
}

/* fchown(2). */
long sys_fchown(struct task *t, const struct syscall_args *a)
{
	if (is_opath(t, ARG_INT(0)))
		return -EBADF;
	return chown_(t, ARG_INT(0), 0, ARG_INT(1), ARG_INT(2), 0, true);
}

/* fchownat(2). */
long sys_fchownat(struct task *t, const struct syscall_args *a)
{
	return chown_(t, ARG_INT(0), a->a[1], ARG_INT(2), ARG_INT(3), ARG_INT(4), false);
}

static bool ts_valid(const struct linux_timespec *ts)
{
	return ts->tv_nsec == LINUX_UTIME_NOW || ts->tv_nsec == LINUX_UTIME_OMIT ||
	       (ts->tv_nsec >= 0 && ts->tv_nsec < 1000000000);
}

/* utimensat(2). */
long sys_utimensat(struct task *t, const struct syscall_args *a)
{
	struct iattr ia = { .valid = ATTR_TIMES };
	int flags = ARG_INT(3);

	if (flags & ~(LINUX_AT_SYMLINK_NOFOLLOW | LINUX_AT_EMPTY_PATH))
		return -EINVAL;
	if (a->a[2]) {
		struct linux_timespec ts[2];

		if (copy_from_user(t->mm, ts, a->a[2], sizeof(ts)))
			return -EFAULT;
		if (!ts_valid(&ts[0]) || !ts_valid(&ts[1]))
			return -EINVAL;
		if (ts[0].tv_nsec == LINUX_UTIME_OMIT && ts[1].tv_nsec == LINUX_UTIME_OMIT)
			return 0;
		ia.atime = ts[0];
		ia.mtime = ts[1];
	} else {
		ia.atime.tv_nsec = ia.mtime.tv_nsec = LINUX_UTIME_NOW;
	}
	if (!a->a[1]) {
		if (ARG_INT(0) == LINUX_AT_FDCWD)
			return -EFAULT;
		return setattr_at(t, ARG_INT(0), 0, 0, &ia, true);
	}
	return setattr_at(t, ARG_INT(0), a->a[1],
			  ((flags & LINUX_AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW) |
				  ((flags & LINUX_AT_EMPTY_PATH) ? LOOKUP_EMPTY : 0),
			  &ia, false);
}

/* futimesat(2): utimes relative to a directory fd; a NULL path means the fd itself. */
long sys_futimesat(struct task *t, const struct syscall_args *a)
{
	struct iattr ia = { .valid = ATTR_TIMES };
	int dirfd = ARG_INT(0);

	if (a->a[2]) {
		struct linux_timeval tv[2];

		if (copy_from_user(t->mm, tv, a->a[2], sizeof(tv)))
			return -EFAULT;
		if (tv[0].tv_usec < 0 || tv[0].tv_usec >= 1000000 || tv[1].tv_usec < 0 || tv[1].tv_usec >= 1000000)
			return -EINVAL;
		ia.atime.tv_sec = tv[0].tv_sec;
		ia.atime.tv_nsec = tv[0].tv_usec * 1000;
		ia.mtime.tv_sec = tv[1].tv_sec;
		ia.mtime.tv_nsec = tv[1].tv_usec * 1000;
	} else {
		ia.atime.tv_nsec = ia.mtime.tv_nsec = LINUX_UTIME_NOW;
	}
	if (!a->a[1] && dirfd != LINUX_AT_FDCWD)
		return setattr_at(t, dirfd, 0, 0, &ia, true);
	return setattr_at(t, dirfd, a->a[1], LOOKUP_FOLLOW, &ia, false);
}

/* utimes(2): futimesat(AT_FDCWD, path, times), as in Linux. */
long sys_utimes(struct task *t, const struct syscall_args *a)
{
	struct syscall_args b = { { (uint64_t)LINUX_AT_FDCWD, a->a[0], a->a[1] } };

	return sys_futimesat(t, &b);
}

/* utime(2). */
long sys_utime(struct task *t, const struct syscall_args *a)
{
	struct iattr ia = { .valid = ATTR_TIMES };

	if (a->a[1]) {
		int64_t tb[2];

		if (copy_from_user(t->mm, tb, a->a[1], sizeof(tb)))
			return -EFAULT;
		ia.atime.tv_sec = tb[0];
		ia.mtime.tv_sec = tb[1];
	} else {
		ia.atime.tv_nsec = ia.mtime.tv_nsec = LINUX_UTIME_NOW;
	}
	return setattr_at(t, LINUX_AT_FDCWD, a->a[0], LOOKUP_FOLLOW, &ia, false);
}

/* truncate(2). */
long sys_truncate(struct task *t, const struct syscall_args *a)
{
	WITH_PATH(s, a->a[0]);
	struct path p;
	long r;

	if ((int64_t)a->a[1] < 0) {
		kfree(s);
		return -EINVAL;
	}
	r = path_lookup(t, LINUX_AT_FDCWD, s, LOOKUP_FOLLOW, &p, NULL);
	kfree(s);
	if (r < 0)
		return r;
	if (MODE_ISDIR(p.d->inode->mode))
		r = -EISDIR;
	else if (!MODE_ISREG(p.d->inode->mode))
		r = -EINVAL;
	else
		r = vfs_permission(t, &p, LINUX_W_OK);
	if (r == 0) {
		struct iattr ia = { .valid = ATTR_SIZE, .size = (int64_t)a->a[1] };

		r = vfs_setattr(&p, &ia);
	}
	path_put(&p);
	return r;
}

/* ftruncate(2). */
long sys_ftruncate(struct task *t, const struct syscall_args *a)
{
	struct file *f = fd_get(t, ARG_INT(0));
	long r;

	if (!f)
		return -EBADF;
	if ((int64_t)a->a[1] < 0)
		r = -EINVAL;
	else if (!file_can_write(f))
		r = (f->flags & LINUX_O_PATH) ? -EBADF : -EINVAL;
	else
		r = vfs_truncate_file(f, (int64_t)a->a[1]);
	file_put(f);
	return r;
}

/* fallocate(2). */
long sys_fallocate(struct task *t, const struct syscall_args *a)
{
	struct file *f = fd_get(t, ARG_INT(0));
	int64_t off = (int64_t)a->a[2], len = (int64_t)a->a[3];
	long r;

	if (!f)
		return -EBADF;
	if (off < 0 || len <= 0)
		r = -EINVAL;
	else if (!file_can_write(f))
		r = -EBADF;
	else if (!f->inode || MODE_ISDIR(f->inode->mode))
		r = -EISDIR;
	else if (!MODE_ISREG(f->inode->mode))
		r = file_is_pipe(f) ? -ESPIPE : -ENODEV;
	else if (!f->ops->fallocate)
		r = -EOPNOTSUPP;
	else
		r = f->ops->fallocate(f, ARG_INT(1), off, len);
	file_put(f);
	return r;
}

static long do_fsync(struct task *t, int fd, int datasync)
{
	struct file *f = fd_get(t, fd);
	long r;

	if (!f)
		return -EBADF;
	r = (f->flags & LINUX_O_PATH) ? -EBADF : f->ops && f->ops->fsync ? f->ops->fsync(f, datasync) : -EINVAL;
	file_put(f);
	return r;
}

/* fsync(2). */
long sys_fsync(struct task *t, const struct syscall_args *a)
{
	return do_fsync(t, ARG_INT(0), 0);
}

/* fdatasync(2). */
long sys_fdatasync(struct task *t, const struct syscall_args *a)
{
	return do_fsync(t, ARG_INT(0), 1);
}

/* sync(2): hostfs writes go straight to the host page cache; disk images commit. */
long sys_sync(struct task *t, const struct syscall_args *a)
{
	(void)t;
	(void)a;
	ext4_sync_all();
	return 0;
}

/* syncfs(2). */
long sys_syncfs(struct task *t, const struct syscall_args *a)
{
	struct file *f = fd_get(t, ARG_INT(0));
	int r;

	if (!f)
		return -EBADF;
	r = f->inode && f->inode->sb ? ext4_sync_sb(f->inode->sb) : 0;
	file_put(f);
	return r;
}

/* sync_file_range(2). */
long sys_sync_file_range(struct task *t, const struct syscall_args *a)
{
	struct file *f;
	long r = 0;

	if ((int64_t)a->a[1] < 0 || (int64_t)a->a[2] < 0 || (a->a[3] & ~(uint64_t)7))
		return -EINVAL;
	f = fd_get(t, ARG_INT(0));
	if (!f)
		return -EBADF;
	if (!f->inode || (!MODE_ISREG(f->inode->mode) && !MODE_ISDIR(f->inode->mode) &&
			  !MODE_ISBLK(f->inode->mode) && !MODE_ISLNK(f->inode->mode)))
		r = -ESPIPE;
	else if (a->a[3] && f->ops && f->ops->fsync)
		r = f->ops->fsync(f, 1);
	file_put(f);
	return r;
}

/* fadvise64(2): advice only. */
long sys_fadvise64(struct task *t, const struct syscall_args *a)
{
	struct file *f = fd_get(t, ARG_INT(0));
	long r = 0;

	if (!f)
		return -EBADF;
	if (file_is_pipe(f))
		r = -ESPIPE;
	else if (ARG_INT(3) < 0 || ARG_INT(3) > 5 || (int64_t)a->a[2] < 0)
		r = -EINVAL;
	file_put(f);
	return r;
}

/*
 * readahead(2): nothing to prefetch (hostfs reads go to the host's page cache,
 * tmpfs is memory), so only Linux's checks: a readable fd of a regular file or
 * block device.
 */
long sys_readahead(struct task *t, const struct syscall_args *a)
{
	struct file *f = fd_get(t, ARG_INT(0));
	long r = 0;

	if (!f)
		return -EBADF;
	if (!file_can_read(f))
		r = -EBADF;
	else if (!f->inode || !(MODE_ISREG(f->inode->mode) || MODE_ISBLK(f->inode->mode)))
		r = -EINVAL;
	file_put(f);
	return r;
}

/* umask(2). */
long sys_umask(struct task *t, const struct syscall_args *a)
{
	uint32_t old = t->fs->umask;

	t->fs->umask = (uint32_t)a->a[0] & 0777;
	return old;
}
