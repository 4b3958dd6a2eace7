/* SPDX-License-Identifier: MIT */
/*
 * hostfs: a host directory given to the guest. Every host operation is a
 * *at() call on a parent directory's O_PATH fd with one component that the
 * VFS has already validated (never "", ".", ".." or containing '/'), always
 * with O_NOFOLLOW: symlinks are interpreted by the VFS inside the guest root.
 */
#include <string.h>
#include "abi/errno.h"
#include "abi/ioctl.h"
#include "fs/hostfs/hostfs.h"
#include "fs/vfs/vfs.h"
#include "host/host.h"
#include "kernel/task.h"
#include "lib/err.h"
#include "lib/kstd.h"

/* Host open(2) flag values (the same on an x86-64 host). */
#define H_O_PATH LINUX_O_PATH
#define H_O_NOFOLLOW LINUX_O_NOFOLLOW
#define H_O_DIRECTORY LINUX_O_DIRECTORY

static const struct inode_ops hostfs_iops;
static const struct file_ops hostfs_fops;

static int ifd(struct inode *i)
{
	return (int)(intptr_t)i->priv;
}

static void hostfs_destroy(struct inode *i)
{
	host_close(ifd(i));
}

static bool bad_name(const char *name)
{
	return !*name || !strcmp(name, ".") || !strcmp(name, "..") || strchr(name, '/');
}

static struct inode *make_inode(struct super_block *sb, int fd)
{
	struct linux_stat st;
	struct inode *i;
	int r = host_fstatat(fd, "", &st, 1);

	if (r < 0) {
		host_close(fd);
		return ERR_PTR(r);
	}
	i = inode_new(sb, st.st_mode);
	i->ino = st.st_ino;
	i->rdev = st.st_rdev;
	i->priv = (void *)(intptr_t)fd;
	i->iops = &hostfs_iops;
	i->fops = &hostfs_fops;
	i->destroy = hostfs_destroy;
	return i;
}

static struct inode *hostfs_lookup(struct inode *dir, const char *name)
{
	int fd;

	if (bad_name(name))
		return ERR_PTR(-ENOENT);
	fd = host_openat(ifd(dir), name, H_O_PATH | H_O_NOFOLLOW, 0);
	if (fd < 0)
		return ERR_PTR(fd);
	return make_inode(dir->sb, fd);
}

/*
 * A kept dentry (sb->keep_dentries) found again: the host may have changed
 * the directory meanwhile, so the name must still lead to the same file (one
 * fstatat); its permission bits may have changed.
 */
static int hostfs_revalidate(struct dentry *d)
{
	struct linux_stat st;
	int r = host_fstatat(ifd(d->parent->inode), d->name, &st, 1);

	if (r < 0)
		return r;
	if (st.st_ino != d->inode->ino || (st.st_mode & S_IFMT_) != (d->inode->mode & S_IFMT_))
		return -ESTALE;
	d->inode->mode = st.st_mode;
	return 0;
}

/* The (directory fd, name) that names d on the host; name "" means d itself. */
static void where(struct dentry *d, int *dirfd, const char **name)
{
	if (d->parent && !d->unhashed) {
		*dirfd = ifd(d->parent->inode);
		*name = d->name;
	} else {
		*dirfd = ifd(d->inode);
		*name = "";
	}
}

static int hostfs_getattr(struct dentry *d, struct linux_stat *st)
{
	return host_fstatat(ifd(d->inode), "", st, 1);
}

static int hostfs_setattr(struct dentry *d, const struct iattr *ia)
{
	const char *name;
	int dirfd, r = 0;

	where(d, &dirfd, &name);
	if ((ia->valid & (ATTR_UID | ATTR_GID)))
		r = host_fchownat(ifd(d->inode), "", (ia->valid & ATTR_UID) ? (int)ia->uid : -1,
				  (ia->valid & ATTR_GID) ? (int)ia->gid : -1, 1);
	if (r == 0 && (ia->valid & ATTR_MODE)) {
		if (MODE_ISLNK(d->inode->mode))
			return -EOPNOTSUPP;
		if (*name) {
			r = host_fchmodat(dirfd, name, (int)(ia->mode & 07777));
		} else {
			int fd = host_reopen(ifd(d->inode), LINUX_O_RDONLY);

			if (fd < 0)
				return fd;
			r = host_fchmod(fd, (int)(ia->mode & 07777));
			host_close(fd);
		}
	}
	if (r == 0 && (ia->valid & ATTR_SIZE)) {
		int fd = *name ? host_openat(dirfd, name, LINUX_O_WRONLY | H_O_NOFOLLOW, 0)
			       : host_reopen(ifd(d->inode), LINUX_O_WRONLY);

		if (fd < 0)
			return fd;
		r = host_ftruncate(fd, ia->size);
		host_close(fd);
	}
	if (r == 0 && (ia->valid & ATTR_TIMES)) {
		struct linux_timespec ts[2] = { ia->atime, ia->mtime };

		if (*name) {
			r = host_utimensat(dirfd, name, ts, 1);
		} else {
			int fd = host_reopen(ifd(d->inode), LINUX_O_RDONLY);

			if (fd < 0)
				return fd;
			r = host_futimens(fd, ts);
			host_close(fd);
		}
	}
	return r;
}

static int hostfs_create(struct dentry *dir, const char *name, uint32_t mode)
{
	int fd;

	if (bad_name(name))
		return -EINVAL;
	fd = host_openat(ifd(dir->inode), name, LINUX_O_CREAT | LINUX_O_EXCL | LINUX_O_WRONLY | H_O_NOFOLLOW,
			 (int)(mode & 07777));
	if (fd < 0)
		return fd;
	host_close(fd);
	if (current && current->tg->cred.fsuid != 0)
		host_fchownat(ifd(dir->inode), name, (int)current->tg->cred.fsuid,
			      (int)current->tg->cred.fsgid, 1);
	return 0;
}

static int hostfs_mkdir(struct dentry *dir, const char *name, uint32_t mode)
{
	return bad_name(name) ? -EINVAL : host_mkdirat(ifd(dir->inode), name, (int)(mode & 07777));
}

static int hostfs_mknod(struct dentry *dir, const char *name, uint32_t mode, uint64_t dev)
{
	return bad_name(name) ? -EINVAL : host_mknodat(ifd(dir->inode), name, (int)mode, dev);
}

static int hostfs_symlink(struct dentry *dir, const char *name, const char *target)
{
	/* The target is stored as text only; it is interpreted by the VFS in the guest root. */
	return bad_name(name) ? -EINVAL : host_symlinkat(target, ifd(dir->inode), name);
}

static int hostfs_link(struct dentry *old, struct dentry *dir, const char *name)
{
	const char *oname;
	int odir;

	if (bad_name(name))
		return -EINVAL;
	where(old, &odir, &oname);
	if (!*oname)
		return host_linkat_fd(ifd(old->inode), ifd(dir->inode), name);
	return host_linkat(odir, oname, ifd(dir->inode), name);
}

static int hostfs_unlink(struct dentry *dir, struct dentry *d)
{
	return host_unlinkat(ifd(dir->inode), d->name, 0);
}

static int hostfs_rmdir(struct dentry *dir, struct dentry *d)
{
	return host_unlinkat(ifd(dir->inode), d->name, 1);
}

static int hostfs_rename(struct dentry *olddir, struct dentry *old, struct dentry *newdir, const char *newname,
			 struct dentry *target, unsigned flags)
{
	(void)target;
	if (bad_name(newname))
		return -EINVAL;
	return host_renameat2(ifd(olddir->inode), old->name, ifd(newdir->inode), newname, flags);
}

static long hostfs_readlink(struct dentry *d, char *buf, size_t n)
{
	return host_readlinkat(ifd(d->inode), "", buf, n);
}

static int hostfs_open(struct dentry *d, struct file *f, int flags)
{
	int hflags = flags & (LINUX_O_ACCMODE | LINUX_O_APPEND | LINUX_O_DSYNC | LINUX_O_SYNC | LINUX_O_DIRECT |
			      LINUX_O_DIRECTORY | LINUX_O_LARGEFILE);
	const char *name;
	int dirfd, fd;

	if (MODE_ISSOCK(d->inode->mode))
		return -ENXIO;
	if (MODE_ISFIFO(d->inode->mode))
		hflags |= LINUX_O_NONBLOCK; /* never block the kernel in a host open */
	where(d, &dirfd, &name);
	if (*name)
		fd = host_openat(dirfd, name, hflags | H_O_NOFOLLOW | LINUX_O_NOCTTY, 0);
	else
		fd = host_reopen(ifd(d->inode), hflags);
	if (fd < 0)
		return fd;
	f->hostfd = fd;
	f->ops = &hostfs_fops;
	return 0;
}

static int hostfs_statfs(struct dentry *d, struct linux_statfs *st)
{
	return host_fstatfs(ifd(d->inode), st);
}

/*
 * A symlink's own attributes are reached through its directory (there is no
 * f*xattr on an O_PATH fd of a symlink); its name is one validated component.
 */
static bool via_parent(struct dentry *d, int *dirfd, const char **entry)
{
	if (!MODE_ISLNK(d->inode->mode))
		return false;
	where(d, dirfd, entry);
	return **entry != 0;
}

static long hostfs_getxattr(struct dentry *d, const char *name, void *buf, size_t n)
{
	const char *e;
	int dfd;

	if (via_parent(d, &dfd, &e))
		return host_lgetxattr_at(dfd, e, name, buf, n);
	return MODE_ISLNK(d->inode->mode) ? -EOPNOTSUPP : host_getxattr(ifd(d->inode), name, buf, n);
}

static int hostfs_setxattr(struct dentry *d, const char *name, const void *val, size_t n, int flags)
{
	const char *e;
	int dfd;

	if (via_parent(d, &dfd, &e))
		return (int)host_lsetxattr_at(dfd, e, name, val, n, flags);
	return MODE_ISLNK(d->inode->mode) ? -EOPNOTSUPP : (int)host_setxattr(ifd(d->inode), name, val, n, flags);
}

static long hostfs_listxattr(struct dentry *d, char *buf, size_t n)
{
	const char *e;
	int dfd;

	if (via_parent(d, &dfd, &e))
		return host_llistxattr_at(dfd, e, buf, n);
	return MODE_ISLNK(d->inode->mode) ? 0 : host_listxattr(ifd(d->inode), buf, n);
}

static int hostfs_removexattr(struct dentry *d, const char *name)
{
	const char *e;
	int dfd;

	if (via_parent(d, &dfd, &e))
		return (int)host_lremovexattr_at(dfd, e, name);
	return MODE_ISLNK(d->inode->mode) ? -EOPNOTSUPP : (int)host_removexattr(ifd(d->inode), name);
}

static const struct inode_ops hostfs_iops = {
	.getxattr = hostfs_getxattr,
	.setxattr = hostfs_setxattr,
	.listxattr = hostfs_listxattr,
	.removexattr = hostfs_removexattr,
	.lookup = hostfs_lookup,
	.revalidate = hostfs_revalidate,
	.create = hostfs_create,
	.mkdir = hostfs_mkdir,
	.mknod = hostfs_mknod,
	.symlink = hostfs_symlink,
	.link = hostfs_link,
	.unlink = hostfs_unlink,
	.rmdir = hostfs_rmdir,
	.rename = hostfs_rename,
	.readlink = hostfs_readlink,
	.getattr = hostfs_getattr,
	.setattr = hostfs_setattr,
	.open = hostfs_open,
	.statfs = hostfs_statfs,
};

/* Regular files use f->pos with pread/pwrite, so every path through the VFS agrees on it. */
static long hf_read(struct file *f, void *buf, size_t n, int64_t *pos)
{
	long r;

	if (!MODE_ISREG(f->inode->mode)) {
		r = host_read(f->hostfd, buf, n);
		return r == -EAGAIN && MODE_ISFIFO(f->inode->mode) && !(f->flags & LINUX_O_NONBLOCK) ? 0 : r;
	}
	r = host_pread(f->hostfd, buf, n, *pos);
	if (r > 0)
		*pos += r;
	return r;
}

/* Regular files: every byte is the host file's own. */
static long hf_read_map(struct file *f, int64_t pos, size_t n, int *hostfd, int64_t *hostoff, bool *device)
{
	*device = false;
	*hostfd = f->hostfd;
	*hostoff = pos;
	return (long)MIN(n, (size_t)0x7ffff000);
}

static int hf_write_map(struct file *f)
{
	return MODE_ISREG(f->inode->mode) ? f->hostfd : -EINVAL;
}

static long hf_write(struct file *f, const void *buf, size_t n, int64_t *pos)
{
	long r;

	if (!MODE_ISREG(f->inode->mode))
		return host_write(f->hostfd, buf, n);
	if ((f->flags & LINUX_O_APPEND) && pos == &f->pos) {
		struct linux_stat st;

		if (host_fstat(f->hostfd, &st) == 0)
			*pos = st.st_size;
	}
	r = host_pwrite(f->hostfd, buf, n, *pos);
	if (r > 0)
		*pos += r;
	return r;
}

static int64_t hf_llseek(struct file *f, int64_t off, int whence)
{
	struct linux_stat st;
	int64_t base, r;

	if (MODE_ISDIR(f->inode->mode)) {
		if (whence != LINUX_SEEK_SET && whence != LINUX_SEEK_CUR)
			return -EINVAL;
		r = host_lseek(f->hostfd, off, whence);
		if (r >= 0)
			f->pos = r;
		return r;
	}
	if (!MODE_ISREG(f->inode->mode))
		return -ESPIPE;
	switch (whence) {
	case LINUX_SEEK_SET: base = 0; break;
	case LINUX_SEEK_CUR: base = f->pos; break;
	case LINUX_SEEK_END:
		r = host_fstat(f->hostfd, &st);
		if (r < 0)
			return r;
		base = st.st_size;
		break;
	default:
		r = host_lseek(f->hostfd, off, whence);
		if (r >= 0)
			f->pos = r;
		return r;
	}
	if (off > 0 && base > INT64_MAX - off)
		return -EOVERFLOW;
	if (base + off < 0)
		return -EINVAL;
	f->pos = base + off;
	return f->pos;
}

static long hf_getdents(struct file *f, void *buf, size_t n)
{
	return host_getdents64(f->hostfd, buf, n);
}

static int hf_mmap_fd(struct file *f)
{
	if (!MODE_ISREG(f->inode->mode))
		return -ENODEV;
	return f->hostfd;
}

static int hf_fsync(struct file *f, int datasync)
{
	return host_fsync(f->hostfd, datasync);
}

static int hf_fallocate(struct file *f, int mode, int64_t off, int64_t len)
{
	return host_fallocate(f->hostfd, mode, off, len);
}

static long hf_ioctl(struct file *f, unsigned cmd, uaddr_t arg)
{
	(void)f;
	(void)arg;
	(void)cmd;
	return -ENOTTY;
}

static const struct file_ops hostfs_fops = {
	.read = hf_read,
	.read_map = hf_read_map,
	.write_map = hf_write_map,
	.write = hf_write,
	.llseek = hf_llseek,
	.getdents = hf_getdents,
	.mmap_fd = hf_mmap_fd,
	.fsync = hf_fsync,
	.fallocate = hf_fallocate,
	.ioctl = hf_ioctl,
};

static int hostfs_sb_statfs(struct super_block *sb, struct linux_statfs *st)
{
	return host_fstatfs((int)(intptr_t)sb->priv, st);
}

struct dentry *hostfs_mount(int dirfd, bool readonly, struct super_block **sb_out)
{
	struct super_block *sb = kzalloc(sizeof(*sb));
	struct inode *root;
	struct linux_stat st;

	(void)readonly;
	sb->fstype = "hostfs";
	sb->keep_dentries = true;
	sb->priv = (void *)(intptr_t)dirfd;
	sb->statfs = hostfs_sb_statfs;
	if (host_fstat(dirfd, &st) == 0)
		sb->dev = st.st_dev;
	root = make_inode(sb, dirfd);
	if (IS_ERR(root)) {
		kfree(sb);
		return (struct dentry *)root;
	}
	*sb_out = sb;
	return dentry_new(NULL, "/", root);
}
