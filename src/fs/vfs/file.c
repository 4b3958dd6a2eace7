/* SPDX-License-Identifier: MIT */
/* Operations on open files: mode checks and positions, then the file's ops. */
#include "abi/errno.h"
#include "fs/vfs/vfs.h"
#include "kernel/task.h"

long vfs_read(struct file *f, void *buf, size_t n)
{
	long r;

	if (!file_can_read(f))
		return -EBADF;
	if (!f->ops || !f->ops->read)
		return MODE_ISDIR(f->inode ? f->inode->mode : 0) ? -EISDIR : -EINVAL;
	r = f->ops->read(f, buf, n, &f->pos);
	if (r > 0 && f->path.d)
		fsnotify_path(&f->path, FSN_ACCESS);
	return r;
}

long vfs_write(struct file *f, const void *buf, size_t n)
{
	if (!file_can_write(f))
		return -EBADF;
	long r;

	if (!f->ops || !f->ops->write)
		return -EINVAL;
	r = f->ops->write(f, buf, n, &f->pos);
	if (r > 0 && f->path.d)
		fsnotify_path(&f->path, FSN_MODIFY);
	return r;
}

static bool seekable(struct file *f)
{
	return f->inode && (MODE_ISREG(f->inode->mode) || MODE_ISDIR(f->inode->mode) ||
			    MODE_ISBLK(f->inode->mode) || MODE_ISCHR(f->inode->mode)) && f->ops->llseek;
}

long vfs_pread(struct file *f, void *buf, size_t n, int64_t off)
{
	if (!file_can_read(f))
		return -EBADF;
	if (!seekable(f))
		return -ESPIPE;
	if (off < 0)
		return -EINVAL;
	if (MODE_ISDIR(f->inode->mode))
		return -EISDIR;
	if (!f->ops->read)
		return -EINVAL;
	return f->ops->read(f, buf, n, &off);
}

long vfs_pwrite(struct file *f, const void *buf, size_t n, int64_t off)
{
	if (!file_can_write(f))
		return -EBADF;
	if (!seekable(f))
		return -ESPIPE;
	if (off < 0)
		return -EINVAL;
	long r;

	if (!f->ops->write)
		return -EINVAL;
	r = f->ops->write(f, buf, n, &off);
	if (r > 0 && f->path.d)
		fsnotify_path(&f->path, FSN_MODIFY);
	return r;
}

int64_t vfs_llseek(struct file *f, int64_t off, int whence)
{
	if (f->flags & LINUX_O_PATH)
		return -EBADF;
	if (!f->ops || !f->ops->llseek)
		return -ESPIPE;
	if (whence < 0 || whence > LINUX_SEEK_HOLE)
		return -EINVAL;
	return f->ops->llseek(f, off, whence);
}

long vfs_getdents(struct file *f, void *buf, size_t n)
{
	if (f->flags & LINUX_O_PATH)
		return -EBADF;
	if (!f->inode || !MODE_ISDIR(f->inode->mode))
		return -ENOTDIR;
	if (!f->ops || !f->ops->getdents)
		return -ENOTDIR;
	return f->ops->getdents(f, buf, n);
}

unsigned vfs_poll(struct file *f, struct poll_table *pt)
{
	if (!f->ops || !f->ops->poll)
		return LINUX_POLLIN | LINUX_POLLOUT | LINUX_POLLRDNORM | LINUX_POLLWRNORM;
	return f->ops->poll(f, pt);
}

int vfs_fstat(struct file *f, struct linux_stat *st)
{
	if (f->path.d)
		return vfs_getattr(&f->path, st);
	if (f->inode) {
		struct path p = { NULL, NULL };
		struct dentry d = { .inode = f->inode };

		p.d = &d;
		return vfs_getattr(&p, st);
	}
	return -EBADF;
}

int vfs_truncate_file(struct file *f, int64_t len)
{
	struct iattr ia = { .valid = ATTR_SIZE, .size = len };

	if (len < 0)
		return -EINVAL;
	if (!f->path.d)
		return -EINVAL;
	if (!MODE_ISREG(f->inode->mode))
		return MODE_ISDIR(f->inode->mode) ? -EISDIR : -EINVAL;
	return vfs_setattr(&f->path, &ia);
}

int file_path_string(struct file *f, char *buf, size_t n)
{
	if (f->path.d)
		return path_to_string(&f->path, &vfs_root, buf, n);
	if (f->anon_name) {
		size_t l = 0;

		while (f->anon_name[l] && l + 1 < n) {
			buf[l] = f->anon_name[l];
			l++;
		}
		buf[l] = 0;
		return (int)l;
	}
	return -ENOENT;
}
