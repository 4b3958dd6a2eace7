/* SPDX-License-Identifier: MIT */
/* The stat family, statfs, access, readlink. */
#include <string.h>
#include "abi/errno.h"
#include "fs/vfs/vfs.h"
#include "kernel/task.h"
#include "lib/err.h"
#include "lib/kstd.h"
#include "mm/uaccess.h"
#include "syscalls/syscalls.h"

static long stat_at(struct task *t, int dirfd, uaddr_t upath, int flags, struct linux_stat *st)
{
	char *path;
	struct path p;
	long r;

	if (flags & ~(LINUX_AT_SYMLINK_NOFOLLOW | LINUX_AT_EMPTY_PATH | LINUX_AT_NO_AUTOMOUNT |
		      LINUX_AT_STATX_SYNC_TYPE))
		return -EINVAL;
	path = getname(t, upath);
	if (IS_ERR(path))
		return PTR_ERR(path);
	if (!*path && (flags & LINUX_AT_EMPTY_PATH) && dirfd != LINUX_AT_FDCWD) {
		struct file *f = fd_get(t, dirfd);

		kfree(path);
		if (!f)
			return -EBADF;
		r = vfs_fstat(f, st);
		file_put(f);
		return r;
	}
	r = path_lookup(t, dirfd, path,
			((flags & LINUX_AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW) |
				((flags & LINUX_AT_EMPTY_PATH) ? LOOKUP_EMPTY : 0),
			&p, NULL);
	kfree(path);
	if (r < 0)
		return r;
	r = vfs_getattr(&p, st);
	path_put(&p);
	return r;
}

static long put_stat(struct task *t, long r, const struct linux_stat *st, uaddr_t ust)
{
	return r < 0 ? r : copy_to_user(t->mm, ust, st, sizeof(*st));
}

/* stat(2). */
long sys_stat(struct task *t, const struct syscall_args *a)
{
	struct linux_stat st;

	return put_stat(t, stat_at(t, LINUX_AT_FDCWD, a->a[0], 0, &st), &st, a->a[1]);
}

/* lstat(2). */
long sys_lstat(struct task *t, const struct syscall_args *a)
{
	struct linux_stat st;

	return put_stat(t, stat_at(t, LINUX_AT_FDCWD, a->a[0], LINUX_AT_SYMLINK_NOFOLLOW, &st), &st, a->a[1]);
}

/* fstat(2). */
long sys_fstat(struct task *t, const struct syscall_args *a)
{
	struct file *f = fd_get(t, ARG_INT(0));
	struct linux_stat st;
	long r;

	if (!f)
		return -EBADF;
	r = vfs_fstat(f, &st);
	file_put(f);
	return put_stat(t, r, &st, a->a[1]);
}

/* newfstatat(2). */
long sys_newfstatat(struct task *t, const struct syscall_args *a)
{
	struct linux_stat st;

	return put_stat(t, stat_at(t, ARG_INT(0), a->a[1], ARG_INT(3), &st), &st, a->a[2]);
}

/* statx(2). No birth time. */
long sys_statx(struct task *t, const struct syscall_args *a)
{
	struct linux_stat st;
	struct linux_statx sx;
	uint32_t mask = (uint32_t)a->a[3];
	long r;

	if (mask & LINUX_STATX__RESERVED)
		return -EINVAL;
	if ((a->a[2] & LINUX_AT_STATX_SYNC_TYPE) == LINUX_AT_STATX_SYNC_TYPE)
		return -EINVAL;
	r = stat_at(t, ARG_INT(0), a->a[1], ARG_INT(2), &st);
	if (r < 0)
		return r;
	memset(&sx, 0, sizeof(sx));
	sx.stx_mask = LINUX_STATX_BASIC_STATS;
	sx.stx_blksize = (uint32_t)st.st_blksize;
	sx.stx_nlink = (uint32_t)st.st_nlink;
	sx.stx_uid = st.st_uid;
	sx.stx_gid = st.st_gid;
	sx.stx_mode = (uint16_t)st.st_mode;
	sx.stx_ino = st.st_ino;
	sx.stx_size = (uint64_t)st.st_size;
	sx.stx_blocks = (uint64_t)st.st_blocks;
	sx.stx_atime.tv_sec = (int64_t)st.st_atime_sec;
	sx.stx_atime.tv_nsec = (uint32_t)st.st_atime_nsec;
	sx.stx_mtime.tv_sec = (int64_t)st.st_mtime_sec;
	sx.stx_mtime.tv_nsec = (uint32_t)st.st_mtime_nsec;
	sx.stx_ctime.tv_sec = (int64_t)st.st_ctime_sec;
	sx.stx_ctime.tv_nsec = (uint32_t)st.st_ctime_nsec;
	sx.stx_rdev_major = DEV_MAJOR(st.st_rdev);
	sx.stx_rdev_minor = DEV_MINOR(st.st_rdev);
	sx.stx_dev_major = DEV_MAJOR(st.st_dev);
	sx.stx_dev_minor = DEV_MINOR(st.st_dev);
	return copy_to_user(t->mm, a->a[4], &sx, sizeof(sx));
}

static long statfs_path(struct task *t, const struct path *p, uaddr_t ubuf)
{
	struct linux_statfs st;
	struct inode *i = p->d->inode;
	long r;

	memset(&st, 0, sizeof(st));
	if (i->iops && i->iops->statfs)
		r = i->iops->statfs(p->d, &st);
	else if (p->mnt && p->mnt->sb && p->mnt->sb->statfs)
		r = p->mnt->sb->statfs(p->mnt->sb, &st);
	else {
		st.f_type = !strcmp(p->mnt->sb->fstype, "proc") ? 0x9fa0 : 0x01021994;
		st.f_bsize = 4096;
		st.f_namelen = 255;
		st.f_frsize = 4096;
		r = 0;
	}
	if (r < 0)
		return r;
	if (vfs_is_readonly(p))
		st.f_flags |= 1; /* ST_RDONLY */
	return copy_to_user(t->mm, ubuf, &st, sizeof(st));
}

/* statfs(2). */
long sys_statfs(struct task *t, const struct syscall_args *a)
{
	char *path = getname(t, a->a[0]);
	struct path p;
	long r;

	if (IS_ERR(path))
		return PTR_ERR(path);
	r = path_lookup(t, LINUX_AT_FDCWD, path, LOOKUP_FOLLOW, &p, NULL);
	kfree(path);
	if (r < 0)
		return r;
	r = statfs_path(t, &p, a->a[1]);
	path_put(&p);
	return r;
}

/* fstatfs(2). */
long sys_fstatfs(struct task *t, const struct syscall_args *a)
{
	struct file *f = fd_get(t, ARG_INT(0));
	long r;

	if (!f)
		return -EBADF;
	if (f->path.d) {
		r = statfs_path(t, &f->path, a->a[1]);
	} else {
		struct linux_statfs st;

		memset(&st, 0, sizeof(st));
		st.f_type = file_is_pipe(f) ? 0x50495045 : 0x09041934; /* PIPEFS_MAGIC, ANON_INODE_FS_MAGIC */
		st.f_bsize = 4096;
		st.f_namelen = 255;
		st.f_frsize = 4096;
		r = copy_to_user(t->mm, a->a[1], &st, sizeof(st));
	}
	file_put(f);
	return r;
}

static long do_access(struct task *t, int dirfd, uaddr_t upath, int mode, int flags)
{
	char *path;
	struct path p;
	long r;

	if (mode & ~7)
		return -EINVAL;
	if (flags & ~(LINUX_AT_EACCESS | LINUX_AT_SYMLINK_NOFOLLOW | LINUX_AT_EMPTY_PATH))
		return -EINVAL;
	path = getname(t, upath);
	if (IS_ERR(path))
		return PTR_ERR(path);
	r = path_lookup(t, dirfd, path,
			((flags & LINUX_AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW) |
				((flags & LINUX_AT_EMPTY_PATH) ? LOOKUP_EMPTY : 0),
			&p, NULL);
	kfree(path);
	if (r < 0)
		return r;
	r = vfs_permission(t, &p, mode);
	path_put(&p);
	return r;
}

/* access(2). */
long sys_access(struct task *t, const struct syscall_args *a)
{
	return do_access(t, LINUX_AT_FDCWD, a->a[0], ARG_INT(1), 0);
}

/* faccessat(2). */
long sys_faccessat(struct task *t, const struct syscall_args *a)
{
	return do_access(t, ARG_INT(0), a->a[1], ARG_INT(2), 0);
}

/* faccessat2(2). */
long sys_faccessat2(struct task *t, const struct syscall_args *a)
{
	return do_access(t, ARG_INT(0), a->a[1], ARG_INT(2), ARG_INT(3));
}

static long do_readlink(struct task *t, int dirfd, uaddr_t upath, uaddr_t ubuf, long n)
{
	char *path, *buf;
	long r;

	if (n <= 0)
		return -EINVAL;
	path = getname(t, upath);
	if (IS_ERR(path))
		return PTR_ERR(path);
	buf = kmalloc(4096);
	r = vfs_readlink(t, dirfd, path, buf, MIN((size_t)n, (size_t)4096));
	if (r > 0 && copy_to_user(t->mm, ubuf, buf, (size_t)r))
		r = -EFAULT;
	kfree(buf);
	kfree(path);
	return r;
}

/* readlink(2). */
long sys_readlink(struct task *t, const struct syscall_args *a)
{
	return do_readlink(t, LINUX_AT_FDCWD, a->a[0], a->a[1], (long)a->a[2]);
}

/* readlinkat(2). */
long sys_readlinkat(struct task *t, const struct syscall_args *a)
{
	return do_readlink(t, ARG_INT(0), a->a[1], a->a[2], (long)a->a[3]);
}
