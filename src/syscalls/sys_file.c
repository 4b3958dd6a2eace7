/* SPDX-License-Identifier: MIT */
/* File descriptors: open family, close, dup family, fcntl, flock, ioctl, pipe, eventfd, memfd. */
#include <string.h>
#include "abi/errno.h"
#include "abi/ioctl.h"
#include "fs/tmpfs/tmpfs.h"
#include "fs/vfs/vfs.h"
#include "kernel/task.h"
#include "lib/err.h"
#include "lib/kstd.h"
#include "mm/uaccess.h"
#include "syscalls/syscalls.h"

#define VALID_OPEN_FLAGS (LINUX_O_ACCMODE | LINUX_O_CREAT | LINUX_O_EXCL | LINUX_O_NOCTTY | LINUX_O_TRUNC | \
			  LINUX_O_APPEND | LINUX_O_NONBLOCK | LINUX_O_DSYNC | LINUX_O_ASYNC | LINUX_O_DIRECT |   \
			  LINUX_O_LARGEFILE | LINUX_O_DIRECTORY | LINUX_O_NOFOLLOW | LINUX_O_NOATIME |         \
			  LINUX_O_CLOEXEC | LINUX_O_SYNC | LINUX_O_PATH | LINUX_O_TMPFILE)

static long do_open(struct task *t, int dirfd, uaddr_t upath, int flags, uint32_t mode, int resolve)
{
	char *path = getname(t, upath);
	struct file *f;
	long r;

	if (IS_ERR(path))
		return PTR_ERR(path);
	r = vfs_open(t, dirfd, path, flags, mode, resolve, &f);
	kfree(path);
	if (r < 0)
		return r;
	r = fd_install(t, f, 0, flags & LINUX_O_CLOEXEC);
	if (r < 0)
		file_put(f);
	return r;
}

/* open(2). */
long sys_open(struct task *t, const struct syscall_args *a)
{
	return do_open(t, LINUX_AT_FDCWD, a->a[0], ARG_INT(1), (uint32_t)a->a[2], 0);
}

/* openat(2). */
long sys_openat(struct task *t, const struct syscall_args *a)
{
	return do_open(t, ARG_INT(0), a->a[1], ARG_INT(2), (uint32_t)a->a[3], 0);
}

/* creat(2). */
long sys_creat(struct task *t, const struct syscall_args *a)
{
	return do_open(t, LINUX_AT_FDCWD, a->a[0], LINUX_O_CREAT | LINUX_O_WRONLY | LINUX_O_TRUNC,
		       (uint32_t)a->a[1], 0);
}

/* openat2(2). RESOLVE_CACHED gives EAGAIN (no cache-only lookups). */
long sys_openat2(struct task *t, const struct syscall_args *a)
{
	struct linux_open_how how;
	size_t size = a->a[3];
	int resolve = 0;

	if (size < sizeof(how))
		return -EINVAL;
	if (size > 4096)
		return -E2BIG;
	if (copy_from_user(t->mm, &how, a->a[2], sizeof(how)))
		return -EFAULT;
	if (size > sizeof(how)) {
		unsigned char extra[64];
		size_t off = sizeof(how);

		while (off < size) {
			size_t n = MIN(sizeof(extra), size - off), i;

			if (copy_from_user(t->mm, extra, a->a[2] + off, n))
				return -EFAULT;
			for (i = 0; i < n; i++)
				if (extra[i])
					return -E2BIG;
			off += n;
		}
	}
	if (how.flags & ~(uint64_t)VALID_OPEN_FLAGS)
		return -EINVAL;
	if (how.resolve & ~(uint64_t)0x3f)
		return -EINVAL;
	if (how.mode & ~(uint64_t)07777)
		return -EINVAL;
	if (how.mode && !(how.flags & (LINUX_O_CREAT | LINUX_O_TMPFILE)))
		return -EINVAL;
	if ((how.resolve & LINUX_RESOLVE_BENEATH) && (how.resolve & LINUX_RESOLVE_IN_ROOT))
		return -EINVAL;
	if (how.resolve & LINUX_RESOLVE_CACHED)
		return -EAGAIN;
	if (how.resolve & LINUX_RESOLVE_BENEATH)
		resolve |= LOOKUP_BENEATH;
	if (how.resolve & LINUX_RESOLVE_IN_ROOT)
		resolve |= LOOKUP_IN_ROOT;
	if (how.resolve & LINUX_RESOLVE_NO_SYMLINKS)
		resolve |= LOOKUP_NO_SYMLINKS;
	if (how.resolve & LINUX_RESOLVE_NO_MAGICLINKS)
		resolve |= LOOKUP_NO_MAGICLINKS;
	if (how.resolve & LINUX_RESOLVE_NO_XDEV)
		resolve |= LOOKUP_NO_XDEV;
	return do_open(t, ARG_INT(0), a->a[1], (int)how.flags, (uint32_t)how.mode, resolve);
}

/* close(2). */
long sys_close(struct task *t, const struct syscall_args *a)
{
	return fd_close(t, ARG_INT(0));
}

/* close_range(2). */
long sys_close_range(struct task *t, const struct syscall_args *a)
{
	unsigned lo = (unsigned)a->a[0], hi = (unsigned)a->a[1], fl = (unsigned)a->a[2], i;

	if (fl & ~(unsigned)(LINUX_CLOSE_RANGE_UNSHARE | LINUX_CLOSE_RANGE_CLOEXEC))
		return -EINVAL;
	if (lo > hi)
		return -EINVAL;
	if ((fl & LINUX_CLOSE_RANGE_UNSHARE) && t->files->refs > 1) {
		struct fdtable *n = fdtable_dup(t->files);

		t->files->refs--;
		t->files = n;
	}
	for (i = lo; i <= hi && (int)i < t->files->max; i++) {
		if (!t->files->fd[i])
			continue;
		if (fl & LINUX_CLOSE_RANGE_CLOEXEC)
			fd_set_cloexec(t, (int)i, true);
		else
			fd_close(t, (int)i);
	}
	return 0;
}

static long do_dup(struct task *t, int old, int newfd, int flags, bool dup2)
{
	struct file *f = fd_get(t, old);

	if (!f)
		return -EBADF;
	if (newfd == old) {
		file_put(f);
		return dup2 ? newfd : -EINVAL;
	}
	if (newfd < 0 || (uint64_t)newfd >= task_nofile_limit(t)) {
		file_put(f);
		return -EBADF;
	}
	return fd_install_at(t, f, newfd, flags & LINUX_O_CLOEXEC);
}

/* dup(2). */
long sys_dup(struct task *t, const struct syscall_args *a)
{
	struct file *f = fd_get(t, ARG_INT(0));
	long r;

	if (!f)
		return -EBADF;
	r = fd_install(t, f, 0, false);
	if (r < 0)
		file_put(f);
	return r;
}

/* dup2(2). */
long sys_dup2(struct task *t, const struct syscall_args *a)
{
	return do_dup(t, ARG_INT(0), ARG_INT(1), 0, true);
}

/* dup3(2). */
long sys_dup3(struct task *t, const struct syscall_args *a)
{
	if (a->a[2] & ~(uint64_t)LINUX_O_CLOEXEC)
		return -EINVAL;
	return do_dup(t, ARG_INT(0), ARG_INT(1), ARG_INT(2), false);
}

#define SETFL_MASK (LINUX_O_APPEND | LINUX_O_NONBLOCK | LINUX_O_ASYNC | LINUX_O_DIRECT | LINUX_O_NOATIME)

/* fcntl(2). F_SETOWN/F_GETOWN, leases, seals and notify are EINVAL. */
long sys_fcntl(struct task *t, const struct syscall_args *a)
{
	int fd = ARG_INT(0), cmd = ARG_INT(1);
	struct file *f = fd_get(t, fd);
	long r = -EINVAL;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case LINUX_F_DUPFD:
	case LINUX_F_DUPFD_CLOEXEC:
		if ((int)a->a[2] < 0 || a->a[2] >= task_nofile_limit(t)) {
			r = -EINVAL;
			break;
		}
		r = fd_install(t, f, (int)a->a[2], cmd == LINUX_F_DUPFD_CLOEXEC);
		if (r >= 0)
			return r;
		break;
	case LINUX_F_GETFD:
		r = fd_get_cloexec(t, fd) ? LINUX_FD_CLOEXEC : 0;
		break;
	case LINUX_F_SETFD:
		fd_set_cloexec(t, fd, a->a[2] & LINUX_FD_CLOEXEC);
		r = 0;
		break;
	case LINUX_F_GETFL:
		r = f->flags;
		break;
	case LINUX_F_SETFL:
		if (f->flags & LINUX_O_PATH) {
			r = -EBADF;
			break;
		}
		f->flags = (f->flags & ~SETFL_MASK) | ((int)a->a[2] & SETFL_MASK);
		r = 0;
		break;
	case LINUX_F_GETLK: case LINUX_F_SETLK: case LINUX_F_SETLKW:
	case LINUX_F_OFD_GETLK: case LINUX_F_OFD_SETLK: case LINUX_F_OFD_SETLKW:
		r = vfs_fcntl_lock(t, f, cmd, a->a[2]);
		break;
	case 1026: /* F_NOTIFY */
		r = dnotify_set(t, f, a->a[2]);
		break;
	case 1033: /* F_ADD_SEALS */
		r = vfs_add_seals(f, (unsigned)a->a[2]);
		break;
	case 1034: /* F_GET_SEALS */
		r = vfs_get_seals(f);
		break;
	case LINUX_F_GETPIPE_SZ:
		r = file_is_pipe(f) ? pipe_get_size(f) : -EBADF;
		break;
	case LINUX_F_SETPIPE_SZ:
		r = file_is_pipe(f) ? pipe_set_size(f, (long)a->a[2]) : -EBADF;
		break;
	}
	file_put(f);
	return r;
}

/* flock(2). */
long sys_flock(struct task *t, const struct syscall_args *a)
{
	struct file *f = fd_get(t, ARG_INT(0));
	long r;

	if (!f)
		return -EBADF;
	r = (f->flags & LINUX_O_PATH) ? -EBADF : vfs_flock(t, f, ARG_INT(1));
	file_put(f);
	return r;
}

/* ioctl(2). Generic requests here; the rest go to the file's ops. */
long sys_ioctl(struct task *t, const struct syscall_args *a)
{
	int fd = ARG_INT(0);
	unsigned cmd = (unsigned)a->a[1];
	struct file *f = fd_get(t, fd);
	long r;

	if (!f)
		return -EBADF;
	if (f->flags & LINUX_O_PATH) {
		file_put(f);
		return -EBADF;
	}
	switch (cmd) {
	case LINUX_FIOCLEX:
		fd_set_cloexec(t, fd, true);
		r = 0;
		break;
	case LINUX_FIONCLEX:
		fd_set_cloexec(t, fd, false);
		r = 0;
		break;
	case LINUX_FIONBIO:
	case LINUX_FIOASYNC: {
		int32_t on;
		int bit = cmd == LINUX_FIONBIO ? LINUX_O_NONBLOCK : LINUX_O_ASYNC;

		r = copy_from_user(t->mm, &on, a->a[2], 4);
		if (!r)
			f->flags = on ? f->flags | bit : f->flags & ~bit;
		break;
	}
	case LINUX_FIONREAD: {
		int32_t n = 0;

		if (file_is_pipe(f)) {
			n = (int32_t)pipe_ioctl_nread(f);
		} else if (f->inode && MODE_ISREG(f->inode->mode)) {
			struct linux_stat st;

			vfs_fstat(f, &st);
			n = st.st_size > f->pos ? (int32_t)(st.st_size - f->pos) : 0;
		} else if (f->ops && f->ops->ioctl) {
			r = f->ops->ioctl(f, cmd, a->a[2]);
			break;
		} else {
			r = -ENOTTY;
			break;
		}
		r = copy_to_user(t->mm, a->a[2], &n, 4);
		break;
	}
	default:
		r = f->ops && f->ops->ioctl ? f->ops->ioctl(f, cmd, a->a[2]) : -ENOTTY;
	}
	file_put(f);
	return r;
}

static long do_pipe(struct task *t, uaddr_t ufds, int flags)
{
	struct file *rd, *wr;
	int32_t fds[2];
	long r;

	if (flags & ~(LINUX_O_CLOEXEC | LINUX_O_NONBLOCK | LINUX_O_DIRECT))
		return -EINVAL;
	pipe_create(&rd, &wr, flags);
	fds[0] = fd_install(t, rd, 0, flags & LINUX_O_CLOEXEC);
	if (fds[0] < 0) {
		file_put(rd);
		file_put(wr);
		return fds[0];
	}
	fds[1] = fd_install(t, wr, 0, flags & LINUX_O_CLOEXEC);
	if (fds[1] < 0) {
		fd_close(t, fds[0]);
		file_put(wr);
		return fds[1];
	}
	r = copy_to_user(t->mm, ufds, fds, sizeof(fds));
	if (r) {
		fd_close(t, fds[0]);
		fd_close(t, fds[1]);
	}
	return r;
}

/* pipe(2). */
long sys_pipe(struct task *t, const struct syscall_args *a)
{
	return do_pipe(t, a->a[0], 0);
}

/* pipe2(2). O_DIRECT (packet mode) is EINVAL. */
long sys_pipe2(struct task *t, const struct syscall_args *a)
{
	return do_pipe(t, a->a[0], ARG_INT(1));
}

static long do_eventfd(struct task *t, uint32_t init, int flags)
{
	struct file *f;
	long r;

	if (flags & ~(LINUX_O_CLOEXEC | LINUX_O_NONBLOCK | LINUX_EFD_SEMAPHORE))
		return -EINVAL;
	f = eventfd_create(init, flags);
	r = fd_install(t, f, 0, flags & LINUX_O_CLOEXEC);
	if (r < 0)
		file_put(f);
	return r;
}

/* eventfd(2). */
long sys_eventfd(struct task *t, const struct syscall_args *a)
{
	return do_eventfd(t, (uint32_t)a->a[0], 0);
}

/* eventfd2(2). */
long sys_eventfd2(struct task *t, const struct syscall_args *a)
{
	return do_eventfd(t, (uint32_t)a->a[0], ARG_INT(1));
}

/* memfd_create(2): an unlinked tmpfs file. Seals are not enforced. */
long sys_memfd_create(struct task *t, const struct syscall_args *a)
{
	static struct dentry *memfd_root;
	static struct super_block *memfd_sb;
	static struct mount *memfd_mnt;
	char name[256], full[300];
	unsigned flags = (unsigned)a->a[1];
	struct dentry *d;
	struct path p;
	struct file *f;
	long r;

	if (flags & ~0x1fU) /* CLOEXEC, ALLOW_SEALING, HUGETLB, NOEXEC_SEAL, EXEC */
		return -EINVAL;
	r = strncpy_from_user(t->mm, name, a->a[0], 250);
	if (r < 0)
		return r == -ENAMETOOLONG ? -EINVAL : r;
	if (!memfd_root) {
		memfd_root = tmpfs_mount(01777, &memfd_sb, "tmpfs");
		memfd_mnt = kzalloc(sizeof(*memfd_mnt));
		memfd_mnt->sb = memfd_sb;
		memfd_mnt->root = memfd_root;
		memfd_mnt->source = kstrdup("memfd");
	}
	ksnprintf(full, sizeof(full), "memfd:%s", name);
	r = tmpfs_add_node(memfd_root, full, S_IFREG_ | 0777, 0, NULL);
	if (r < 0)
		return r;
	d = list_first_entry(&memfd_root->children, struct dentry, child_link);
	list_for_each_entry(d, &memfd_root->children, child_link)
		if (!strcmp(d->name, full) && d->pinned)
			break;
	p.mnt = memfd_mnt;
	p.d = d;
	f = vfs_open_path(t, &p, LINUX_O_RDWR | LINUX_O_LARGEFILE);
	if (flags & 2) /* MFD_ALLOW_SEALING */
		d->inode->seals = 0;
	/* Unlink at once: the file lives while it is open or mapped. */
	d->inode->iops->unlink(memfd_root, d);
	if (IS_ERR(f))
		return PTR_ERR(f);
	r = fd_install(t, f, 0, flags & 1);
	if (r < 0)
		file_put(f);
	return r;
}

static long inotify_new(struct task *t, int flags)
{
	struct file *f;
	long r;

	if (flags & ~(LINUX_O_CLOEXEC | LINUX_O_NONBLOCK))
		return -EINVAL;
	f = inotify_create(flags);
	r = fd_install(t, f, 0, flags & LINUX_O_CLOEXEC);
	if (r < 0)
		file_put(f);
	return r;
}

/* inotify_init(2). */
long sys_inotify_init(struct task *t, const struct syscall_args *a)
{
	(void)a;
	return inotify_new(t, 0);
}

/* inotify_init1(2). */
long sys_inotify_init1(struct task *t, const struct syscall_args *a)
{
	return inotify_new(t, ARG_INT(0));
}

/* inotify_add_watch(2). */
long sys_inotify_add_watch(struct task *t, const struct syscall_args *a)
{
	struct file *f = fd_get(t, ARG_INT(0));
	uint32_t mask = (uint32_t)a->a[2];
	struct path p;
	char *path;
	long r;

	if (!f)
		return -EBADF;
	path = getname(t, a->a[1]);
	if (IS_ERR(path)) {
		file_put(f);
		return PTR_ERR(path);
	}
	r = path_lookup(t, LINUX_AT_FDCWD, path, (mask & 0x02000000U) ? 0 : LOOKUP_FOLLOW, &p, NULL);
	kfree(path);
	if (r == 0) {
		r = vfs_permission(t, &p, LINUX_R_OK);
		if (r == 0)
			r = inotify_add(f, &p, mask);
		path_put(&p);
	}
	file_put(f);
	return r;
}

/* inotify_rm_watch(2). */
long sys_inotify_rm_watch(struct task *t, const struct syscall_args *a)
{
	struct file *f = fd_get(t, ARG_INT(0));
	long r;

	if (!f)
		return -EBADF;
	r = inotify_rm(f, ARG_INT(1));
	file_put(f);
	return r;
}
