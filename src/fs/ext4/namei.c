/* SPDX-License-Identifier: MIT */
/*
 * ext4 images: names. Lookup, create, mkdir, mknod, symlink, link, unlink,
 * rmdir, rename (also over files and directories, and RENAME_EXCHANGE) and
 * readlink, through libext2fs. A removed directory takes no new names; an
 * inode whose last link goes is freed at its last reference (ext4fs.c).
 */
#include <string.h>
#include <ext2fs/ext2fs.h>
#include "abi/errno.h"
#include "abi/fcntl.h"
#include "abi/stat.h"
#include "fs/ext4/blockdev.h"
#include "fs/ext4/ext4.h"
#include "fs/ext4/internal.h"
#include "fs/vfs/vfs.h"
#include "host/host.h"
#include "kernel/task.h"
#include "lib/err.h"
#include "lib/kstd.h"
#include "lib/log.h"

/* ---- Names ---- */

/* A name in a directory: through the hash index when there is one. */
static int dir_lookup(struct ext4_fs *es, ext2_ino_t dir, const char *name, ext2_ino_t *ino)
{
	int r = ext4_dx_lookup(es, dir, name, ino);

	if (r != -EAGAIN)
		return r;
	return ext4_err(ext2fs_lookup(es->fs, dir, name, (int)strlen(name), NULL, ino));
}

/* Removes name (pointing at ino) from a directory: through the hash index when there is one. */
static errcode_t dir_unlink(struct ext4_fs *es, ext2_ino_t dir, const char *name, ext2_ino_t ino)
{
	int r = ext4_dx_unlink(es, dir, name, ino);

	if (r == -EAGAIN)
		return ext2fs_unlink(es->fs, dir, name, ino, 0);
	return r == -ENOENT ? EXT2_ET_FILE_NOT_FOUND : (errcode_t)-r; /* errno values pass through ext4_err */
}

/* Makes room in a full directory: indexed when it can be (once), else one more linear block. */
static errcode_t grow_dir(struct ext4_fs *es, ext2_ino_t dir)
{
	int r = ext4_dx_build(es, dir);

	if (r == -EAGAIN)
		return ext2fs_expand_dir(es->fs, dir);
	return r < 0 ? (errcode_t)-r : 0; /* errno values pass through ext4_err */
}

struct inode *ext4_lookup(struct inode *dir, const char *name)
{
	struct ext4_fs *es = ext4_es(dir);
	ext2_ino_t ino;
	int r = dir_lookup(es, ext4_en(dir)->ino, name, &ino);

	if (r < 0)
		return ERR_PTR(r);
	return ext4_iget(es, ino);
}

static void set_rdev(struct ext2_inode_large *in, uint64_t dev)
{
	uint32_t ma = DEV_MAJOR(dev), mi = DEV_MINOR(dev);

	if (ma < 256 && mi < 256) {
		in->i_block[0] = ma << 8 | mi;
		in->i_block[1] = 0;
	} else {
		in->i_block[0] = 0;
		in->i_block[1] = (mi & 0xff) | (ma << 8) | ((mi & ~0xffU) << 12);
	}
}

static int ftype(uint32_t mode)
{
	switch (mode & S_IFMT_) {
	case S_IFREG_: return EXT2_FT_REG_FILE;
	case S_IFDIR_: return EXT2_FT_DIR;
	case S_IFCHR_: return EXT2_FT_CHRDEV;
	case S_IFBLK_: return EXT2_FT_BLKDEV;
	case S_IFIFO_: return EXT2_FT_FIFO;
	case S_IFSOCK_: return EXT2_FT_SOCK;
	case S_IFLNK_: return EXT2_FT_SYMLINK;
	}
	return EXT2_FT_UNKNOWN;
}

/* Adds a name, growing the directory when it is full. */
static int add_link(struct ext4_fs *es, ext2_ino_t dir, const char *name, ext2_ino_t ino, uint32_t mode)
{
	errcode_t x = ext2fs_link(es->fs, dir, name, ino, ftype(mode));

	if (x == EXT2_ET_DIR_NO_SPACE) {
		x = grow_dir(es, dir);
		if (!x)
			x = ext2fs_link(es->fs, dir, name, ino, ftype(mode));
	}
	return ext4_err(x);
}

/* The owner of a new file: fsuid, and fsgid or the directory's group when it is setgid. */
static void new_owner(struct ext4_fs *es, ext2_ino_t dir, struct ext2_inode_large *in)
{
	struct ext2_inode_large d;
	uint32_t gid = current->tg->cred.fsgid;

	if (ext4_rd(es, dir, &d) == 0 && (d.i_mode & S_ISGID_)) {
		gid = ext4_gid(&d);
		if (LINUX_S_ISDIR(in->i_mode))
			in->i_mode |= S_ISGID_;
	}
	ext4_set_owner(in, current->tg->cred.fsuid, gid);
}

/*
 * May dir take a new name? Not on a read-only image, and not once removed
 * (still open or someone's cwd: Linux IS_DEADDIR).
 */
static int dir_writable(struct ext4_fs *es, ext2_ino_t dir)
{
	struct ext2_inode_large d;
	int r = es->ro ? -EROFS : ext4_rd(es, dir, &d);

	return r < 0 ? r : d.i_links_count == 0 ? -ENOENT : 0;
}

static void dir_touch(struct ext4_fs *es, ext2_ino_t dir, int nlink_delta)
{
	struct ext2_inode_large d;

	if (ext4_rd(es, dir, &d) < 0)
		return;
	d.i_links_count = (uint16_t)(d.i_links_count + nlink_delta);
	TOUCH(es, &d, m);
	TOUCH(es, &d, c);
	ext4_wr(es, dir, &d);
}

static int new_inode(struct dentry *dir, const char *name, uint32_t mode, uint64_t dev)
{
	struct ext4_fs *es = ext4_es(dir->inode);
	ext2_ino_t d = ext4_ino(dir), ino;
	struct ext2_inode_large in;
	errcode_t x;
	int r;

	if ((r = dir_writable(es, d)) < 0)
		return r;
	x = ext2fs_new_inode(es->fs, d, (int)mode, NULL, &ino);
	if (x)
		return ext4_err(x);
	memset(&in, 0, sizeof(in));
	in.i_mode = (uint16_t)mode;
	in.i_links_count = 1;
	in.i_extra_isize = EXT2_INODE_SIZE(es->fs->super) > EXT2_GOOD_OLD_INODE_SIZE ?
				   sizeof(struct ext2_inode_large) - EXT2_GOOD_OLD_INODE_SIZE : 0;
	new_owner(es, d, &in);
	TOUCH(es, &in, a);
	TOUCH(es, &in, m);
	TOUCH(es, &in, c);
	if (LINUX_S_ISCHR(mode) || LINUX_S_ISBLK(mode))
		set_rdev(&in, dev);
	else if (LINUX_S_ISREG(mode) && ext2fs_has_feature_extents(es->fs->super)) {
		ext2_extent_handle_t h;

		/* An empty extent tree in i_block (what mke2fs -d and debugfs do). */
		x = ext2fs_extent_open2(es->fs, ino, (struct ext2_inode *)&in, &h);
		if (x)
			return ext4_err(x);
		ext2fs_extent_free(h);
	}
	x = ext2fs_write_new_inode(es->fs, ino, (struct ext2_inode *)&in);
	if (x)
		return ext4_err(x);
	r = add_link(es, d, name, ino, mode);
	if (r < 0) {
		/* Not linked and never counted as used: leave the slot as free as it was. */
		memset(&in, 0, sizeof(in));
		ext2fs_write_new_inode(es->fs, ino, (struct ext2_inode *)&in);
		return r;
	}
	ext2fs_inode_alloc_stats2(es->fs, ino, +1, 0);
	dir_touch(es, d, 0);
	ext4_changed(es);
	return 0;
}

int ext4_create(struct dentry *dir, const char *name, uint32_t mode)
{
	return new_inode(dir, name, mode, 0);
}

int ext4_mknod(struct dentry *dir, const char *name, uint32_t mode, uint64_t dev)
{
	return new_inode(dir, name, mode, dev);
}

/*
 * libext2fs made name in d (ext2fs_mkdir, ext2fs_symlink) as root with its
 * own mode and times: give the new inode the caller's owner, mode and now.
 */
static int adopt(struct ext4_fs *es, ext2_ino_t d, const char *name, uint16_t mode)
{
	struct ext2_inode_large in;
	ext2_ino_t ino;
	int r = dir_lookup(es, d, name, &ino);

	if (r < 0)
		return r;
	r = ext4_rd(es, ino, &in);
	if (r < 0)
		return r;
	in.i_mode = mode;
	new_owner(es, d, &in);
	TOUCH(es, &in, a);
	TOUCH(es, &in, m);
	TOUCH(es, &in, c);
	r = ext4_wr(es, ino, &in);
	dir_touch(es, d, 0); /* the link count of a new subdirectory's parent is libext2fs's */
	ext4_changed(es);
	return r;
}

int ext4_mkdir(struct dentry *dir, const char *name, uint32_t mode)
{
	struct ext4_fs *es = ext4_es(dir->inode);
	ext2_ino_t d = ext4_ino(dir);
	errcode_t x;
	int r;

	if ((r = dir_writable(es, d)) < 0)
		return r;
	x = ext2fs_mkdir(es->fs, d, 0, name);
	if (x == EXT2_ET_DIR_NO_SPACE) {
		x = grow_dir(es, d);
		if (!x)
			x = ext2fs_mkdir(es->fs, d, 0, name);
	}
	if (x)
		return ext4_err(x);
	return adopt(es, d, name, (uint16_t)(S_IFDIR_ | (mode & 07777)));
}

int ext4_symlink(struct dentry *dir, const char *name, const char *target)
{
	struct ext4_fs *es = ext4_es(dir->inode);
	ext2_ino_t d = ext4_ino(dir);
	errcode_t x;
	int r;

	if (strlen(target) >= es->fs->blocksize)
		return -ENAMETOOLONG;
	if ((r = dir_writable(es, d)) < 0)
		return r;
	x = ext2fs_symlink(es->fs, d, 0, name, target);
	if (x == EXT2_ET_DIR_NO_SPACE) {
		x = grow_dir(es, d);
		if (!x)
			x = ext2fs_symlink(es->fs, d, 0, name, target);
	}
	if (x)
		return ext4_err(x);
	return adopt(es, d, name, S_IFLNK_ | 0777);
}

int ext4_link(struct dentry *old, struct dentry *dir, const char *name)
{
	struct ext4_fs *es = ext4_es(dir->inode);
	ext2_ino_t ino = ext4_ino(old);
	struct ext2_inode_large in;
	int r;

	if ((r = dir_writable(es, ext4_ino(dir))) < 0)
		return r;
	r = ext4_rd(es, ino, &in);
	if (r < 0)
		return r;
	if (in.i_links_count >= 65000)
		return -EMLINK;
	r = add_link(es, ext4_ino(dir), name, ino, in.i_mode);
	if (r < 0)
		return r;
	in.i_links_count++;
	TOUCH(es, &in, c);
	r = ext4_wr(es, ino, &in);
	dir_touch(es, ext4_ino(dir), 0);
	ext4_changed(es);
	return r;
}

/* Drops one link of d's inode (named name in dir); frees it when nothing holds it. */
static int drop_link(struct ext4_fs *es, ext2_ino_t dir, const char *name, struct dentry *d, bool isdir)
{
	ext2_ino_t ino = ext4_ino(d);
	struct ext2_inode_large in;
	errcode_t x = dir_unlink(es, dir, name, ino);
	int r;

	if (x)
		return ext4_err(x);
	r = ext4_rd(es, ino, &in);
	if (r < 0)
		return r;
	in.i_links_count = isdir ? 0 : (uint16_t)(in.i_links_count ? in.i_links_count - 1 : 0);
	TOUCH(es, &in, c);
	r = ext4_wr(es, ino, &in);
	dir_touch(es, dir, isdir ? -1 : 0);
	return r; /* an inode without links is freed when its last reference goes (en_destroy) */
}

static int dir_empty_cb(ext2_ino_t dir, int entry, struct ext2_dir_entry *de, int off, int bs, char *buf,
			void *priv)
{
	int n = ext2fs_dirent_name_len(de);

	(void)dir; (void)entry; (void)off; (void)bs; (void)buf;
	if (de->inode && !(n == 1 && de->name[0] == '.') && !(n == 2 && de->name[0] == '.' && de->name[1] == '.')) {
		*(bool *)priv = false;
		return DIRENT_ABORT;
	}
	return 0;
}

static int dir_is_empty(struct ext4_fs *es, ext2_ino_t ino)
{
	bool empty = true;
	errcode_t x = ext2fs_dir_iterate2(es->fs, ino, 0, NULL, dir_empty_cb, &empty);

	return x ? ext4_err(x) : empty ? 1 : 0;
}

int ext4_unlink(struct dentry *dir, struct dentry *d)
{
	struct ext4_fs *es = ext4_es(dir->inode);
	int r;

	if (es->ro)
		return -EROFS;
	r = drop_link(es, ext4_ino(dir), d->name, d, false);
	ext4_changed(es);
	return r;
}

int ext4_rmdir(struct dentry *dir, struct dentry *d)
{
	struct ext4_fs *es = ext4_es(dir->inode);
	int r;

	if (es->ro)
		return -EROFS;
	r = dir_is_empty(es, ext4_ino(d));
	if (r <= 0)
		return r < 0 ? r : -ENOTEMPTY;
	r = drop_link(es, ext4_ino(dir), d->name, d, true);
	ext4_changed(es);
	return r;
}

/* Points a moved directory's ".." at its new parent. */
static int set_dotdot(struct ext4_fs *es, ext2_ino_t dir, ext2_ino_t parent)
{
	int r = ext4_set_dotdot(es, dir, parent);
	errcode_t x;

	if (r != -EAGAIN)
		return r;
	x = ext2fs_unlink(es->fs, dir, "..", 0, 0);
	if (!x)
		x = ext2fs_link(es->fs, dir, "..", parent, EXT2_FT_DIR);
	return ext4_err(x);
}

/* Points name in dir at ino instead. */
static int repoint(struct ext4_fs *es, ext2_ino_t dir, const char *name, ext2_ino_t was, ext2_ino_t ino,
		   uint32_t mode)
{
	int r = ext4_err(dir_unlink(es, dir, name, was));

	return r < 0 ? r : add_link(es, dir, name, ino, mode);
}

/* RENAME_EXCHANGE: the two names swap their inodes. */
static int exchange(struct ext4_fs *es, struct dentry *olddir, struct dentry *old, struct dentry *newdir,
		    struct dentry *target)
{
	ext2_ino_t od = ext4_ino(olddir), nd = ext4_ino(newdir), a = ext4_ino(old), b = ext4_ino(target);
	bool adir = MODE_ISDIR(old->inode->mode), bdir = MODE_ISDIR(target->inode->mode);
	struct ext2_inode_large in;
	int r;

	r = repoint(es, nd, target->name, b, a, old->inode->mode);
	if (r == 0)
		r = repoint(es, od, old->name, a, b, target->inode->mode);
	if (r == 0 && od != nd) {
		if (adir)
			r = set_dotdot(es, a, nd);
		if (r == 0 && bdir)
			r = set_dotdot(es, b, od);
		if (adir != bdir) {
			dir_touch(es, od, adir ? -1 : +1);
			dir_touch(es, nd, adir ? +1 : -1);
		}
	}
	dir_touch(es, od, 0);
	dir_touch(es, nd, 0);
	if (ext4_rd(es, a, &in) == 0) {
		TOUCH(es, &in, c);
		ext4_wr(es, a, &in);
	}
	if (ext4_rd(es, b, &in) == 0) {
		TOUCH(es, &in, c);
		ext4_wr(es, b, &in);
	}
	ext4_changed(es);
	return r;
}

int ext4_rename(struct dentry *olddir, struct dentry *old, struct dentry *newdir, const char *newname,
		       struct dentry *target, unsigned flags)
{
	struct ext4_fs *es = ext4_es(olddir->inode);
	ext2_ino_t od = ext4_ino(olddir), nd = ext4_ino(newdir), ino = ext4_ino(old);
	bool isdir = MODE_ISDIR(old->inode->mode);
	struct ext2_inode_large in;
	int r;

	if ((r = dir_writable(es, nd)) < 0)
		return r;
	if (flags & LINUX_RENAME_EXCHANGE)
		return exchange(es, olddir, old, newdir, target);
	if (target) {
		bool tdir = MODE_ISDIR(target->inode->mode);

		if (tdir) {
			r = dir_is_empty(es, ext4_ino(target));
			if (r <= 0)
				return r < 0 ? r : -ENOTEMPTY;
		}
		r = drop_link(es, nd, newname, target, tdir);
		if (r < 0)
			return r;
	}
	r = add_link(es, nd, newname, ino, old->inode->mode);
	if (r < 0)
		return r;
	r = ext4_err(dir_unlink(es, od, old->name, ino));
	if (r < 0)
		return r;
	if (isdir && od != nd) {
		r = set_dotdot(es, ino, nd);
		if (r < 0)
			return r;
		dir_touch(es, od, -1);
		dir_touch(es, nd, +1);
	} else {
		dir_touch(es, od, 0);
		if (od != nd)
			dir_touch(es, nd, 0);
	}
	if (ext4_rd(es, ino, &in) == 0) {
		TOUCH(es, &in, c);
		ext4_wr(es, ino, &in);
	}
	ext4_changed(es);
	return 0;
}

long ext4_readlink(struct dentry *d, char *buf, size_t n)
{
	struct ext4_fs *es = ext4_es(d->inode);
	ext2_ino_t ino = ext4_ino(d);
	struct ext2_inode_large in;
	size_t len;
	int r = ext4_rd(es, ino, &in);

	if (r < 0)
		return r;
	len = (size_t)EXT2_I_SIZE(&in);
	if (ext2fs_is_fast_symlink((struct ext2_inode *)&in)) {
		len = MIN(len, sizeof(in.i_block));
		memcpy(buf, in.i_block, MIN(len, n));
		return (long)MIN(len, n);
	}
	{
		ext2_file_t f;
		unsigned got = 0;
		errcode_t x = ext2fs_file_open2(es->fs, ino, (struct ext2_inode *)&in, 0, &f);

		if (x)
			return ext4_err(x);
		x = ext2fs_file_read(f, buf, (unsigned)MIN(len, n), &got);
		ext2fs_file_close(f);
		return x ? ext4_err(x) : (long)got;
	}
}

