/* SPDX-License-Identifier: MIT */
/*
 * ext2/3/4 disk images as a ukern filesystem, through libext2fs. Names,
 * inodes, directories, symlinks and file data are libext2fs's on-disk
 * format; every block goes through our block device (blockdev.c: page
 * cache and write-ahead log). VFS operations end at consistent states, and
 * a commit (guest sync/fsync, unmount, every few seconds) makes the state
 * durable as one atomic step.
 *
 * One VFS inode per on-disk inode (a table by inode number), so hard links
 * share locks and attributes. An unlinked inode still open is freed at its
 * last close. A file mapped with mmap gets a memfd holding its contents:
 * while it exists, read and write go to it too (one coherent copy), and it
 * is written back at fsync, sync, the last close and unmount.
 */
#include <string.h>
#include <ext2fs/ext2fs.h>
#include "abi/errno.h"
#include "abi/fcntl.h"
#include "abi/stat.h"
#include "fs/ext4/blockdev.h"
#include "fs/ext4/ext4.h"
#include "fs/vfs/vfs.h"
#include "host/host.h"
#include "kernel/task.h"
#include "lib/err.h"
#include "lib/kstd.h"
#include "lib/log.h"

#define NHASH 4096
#define COMMIT_NS 5000000000LL	    /* a commit at least every 5 s while there are changes */
#define DIRTY_COMMIT (64 << 20)	    /* and when this much is waiting */

struct ext4_fs;
struct enode {
	ext2_ino_t ino;
	struct ext4_fs *es;
	struct inode *inode;
	struct enode *hnext;
	int opens;
	int memfd;	  /* the mmap page cache, or -1 */
	bool memfd_dirty; /* written (or mapped writable) since the last write-back */
};

struct ext4_fs {
	ext2_filsys fs;
	struct blockdev *bd;
	struct super_block *sb;
	bool ro;
	struct enode *hash[NHASH];
	struct ktimer timer;
	struct list_head link;
};

static const struct inode_ops ext4_iops;
static const struct file_ops ext4_file_ops, ext4_dir_ops;
static struct list_head all_fs = LIST_HEAD_INIT(all_fs);

static int err_of(errcode_t e)
{
	switch (e) {
	case 0: return 0;
	case EXT2_ET_FILE_NOT_FOUND: return -ENOENT;
	case EXT2_ET_BLOCK_ALLOC_FAIL:
	case EXT2_ET_INODE_ALLOC_FAIL:
	case EXT2_ET_DIR_NO_SPACE: return -ENOSPC;
	case EXT2_ET_FILE_TOO_BIG: return -EFBIG;
	case EXT2_ET_RO_FILSYS: return -EROFS;
	case EXT2_ET_DIR_EXISTS: return -EEXIST;
	case EXT2_ET_NO_DIRECTORY: return -ENOTDIR;
	case EXT2_ET_EA_KEY_NOT_FOUND: return -ENODATA;
	case EXT2_ET_EA_NO_SPACE: return -ENOSPC;
	case EXT2_ET_EA_BAD_NAME_LEN:
	case EXT2_ET_EA_BAD_VALUE_SIZE: return -ERANGE;
	case EXT2_ET_INVALID_ARGUMENT: return -EINVAL;
	case EXT2_ET_UNIMPLEMENTED: return -EOPNOTSUPP;
	}
	if (e > 0 && e < 4096)
		return (int)-e; /* libext2fs passes errno values through (from our io_manager too) */
	log_msg("ext4: libext2fs error %ld (%s)", (long)e, error_message(e));
	return -EIO;
}

static struct enode *en(struct inode *i)
{
	return i->priv;
}

static struct ext4_fs *es_of(struct inode *i)
{
	return en(i)->es;
}

/* ---- Inodes ---- */

static int rd(struct ext4_fs *es, ext2_ino_t ino, struct ext2_inode_large *in)
{
	memset(in, 0, sizeof(*in));
	return err_of(ext2fs_read_inode_full(es->fs, ino, (struct ext2_inode *)in, sizeof(*in)));
}

static int wr(struct ext4_fs *es, ext2_ino_t ino, struct ext2_inode_large *in)
{
	return err_of(ext2fs_write_inode_full(es->fs, ino, (struct ext2_inode *)in, sizeof(*in)));
}

static bool has_extra(struct ext4_fs *es, struct ext2_inode_large *in)
{
	return EXT2_INODE_SIZE(es->fs->super) > EXT2_GOOD_OLD_INODE_SIZE && in->i_extra_isize >= 16;
}

static struct linux_timespec xtime(struct ext4_fs *es, struct ext2_inode_large *in, uint32_t sec, uint32_t extra)
{
	struct linux_timespec ts = { (int32_t)sec, 0 };

	if (has_extra(es, in)) {
		ts.tv_sec += (int64_t)(extra & 3) << 32;
		ts.tv_nsec = extra >> 2;
	}
	return ts;
}

static void set_xtime(struct ext4_fs *es, struct ext2_inode_large *in, uint32_t *sec, uint32_t *extra,
		      struct linux_timespec ts)
{
	*sec = (uint32_t)ts.tv_sec;
	if (has_extra(es, in))
		*extra = (uint32_t)(((ts.tv_sec - (int32_t)*sec) >> 32) & 3) | (uint32_t)(ts.tv_nsec << 2);
}

static struct linux_timespec now_ts(void)
{
	int64_t ns = clock_realtime_ns();

	return (struct linux_timespec){ ns / 1000000000, ns % 1000000000 };
}

#define TOUCH(es, in, which) \
	set_xtime(es, in, &(in)->i_##which##time, &(in)->i_##which##time_extra, now_ts())

static uint32_t i_uid(struct ext2_inode_large *in)
{
	return in->i_uid | (uint32_t)in->i_uid_high << 16;
}

static uint32_t i_gid(struct ext2_inode_large *in)
{
	return in->i_gid | (uint32_t)in->i_gid_high << 16;
}

static void set_owner(struct ext2_inode_large *in, uint32_t uid, uint32_t gid)
{
	in->i_uid = (uint16_t)uid;
	in->i_uid_high = (uint16_t)(uid >> 16);
	in->i_gid = (uint16_t)gid;
	in->i_gid_high = (uint16_t)(gid >> 16);
}

static uint64_t rdev_of(struct ext2_inode_large *in)
{
	if (in->i_block[0]) {
		uint32_t d = in->i_block[0];

		return MKDEV((d >> 8) & 0xff, d & 0xff);
	}
	{
		uint32_t d = in->i_block[1];

		return MKDEV((d & 0xfff00) >> 8, (d & 0xff) | ((d >> 12) & 0xfff00));
	}
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

static void free_inode(struct ext4_fs *es, ext2_ino_t ino);
static void changed(struct ext4_fs *es);

/*
 * The last reference to the VFS inode is gone (names, open files, cwds):
 * an inode without links is freed now, as Linux's iput does.
 */
static void en_destroy(struct inode *i)
{
	struct enode *e = en(i), **pp;
	struct ext2_inode_large in;

	if (!e->es->ro && ext2fs_read_inode_full(e->es->fs, e->ino, (struct ext2_inode *)&in, sizeof(in)) == 0 &&
	    in.i_links_count == 0 && in.i_mode && !in.i_dtime) {
		free_inode(e->es, e->ino);
		changed(e->es);
	}

	for (pp = &e->es->hash[e->ino % NHASH]; *pp; pp = &(*pp)->hnext) {
		if (*pp == e) {
			*pp = e->hnext;
			break;
		}
	}
	if (e->memfd >= 0)
		host_close(e->memfd);
	kfree(e);
}

/* The VFS inode of on-disk inode ino (a new reference), or ERR_PTR. */
static struct inode *iget(struct ext4_fs *es, ext2_ino_t ino)
{
	struct ext2_inode_large in;
	struct enode *e;
	struct inode *i;
	int r;

	for (e = es->hash[ino % NHASH]; e; e = e->hnext) {
		if (e->ino == ino) {
			inode_get(e->inode);
			return e->inode;
		}
	}
	r = rd(es, ino, &in);
	if (r < 0)
		return ERR_PTR(r);
	if (!in.i_links_count && !in.i_mode)
		return ERR_PTR(-ESTALE);
	e = kzalloc(sizeof(*e));
	e->ino = ino;
	e->es = es;
	e->memfd = -1;
	i = inode_new(es->sb, in.i_mode);
	i->ino = ino;
	i->iops = &ext4_iops;
	i->priv = e;
	i->destroy = en_destroy;
	e->inode = i;
	e->hnext = es->hash[ino % NHASH];
	es->hash[ino % NHASH] = e;
	return i;
}

static ext2_ino_t ino_of(struct dentry *d)
{
	return en(d->inode)->ino;
}

/* Frees an inode's blocks, attributes and number (its last link and last open are gone). */
static void free_inode(struct ext4_fs *es, ext2_ino_t ino)
{
	struct ext2_inode_large in;

	if (rd(es, ino, &in) < 0)
		return;
	if (ext2fs_inode_has_valid_blocks2(es->fs, (struct ext2_inode *)&in))
		ext2fs_punch(es->fs, ino, (struct ext2_inode *)&in, NULL, 0, ~0ULL);
	if (ext2fs_file_acl_block(es->fs, (struct ext2_inode *)&in))
		ext2fs_free_ext_attr(es->fs, ino, &in);
	in.i_dtime = (uint32_t)(clock_realtime_ns() / 1000000000);
	wr(es, ino, &in);
	ext2fs_inode_alloc_stats2(es->fs, ino, -1, LINUX_S_ISDIR(in.i_mode));
}

/* ---- Commits ---- */

static int ext4_sync_fs(struct ext4_fs *es);

static void commit_timer(struct ktimer *kt)
{
	struct ext4_fs *es = kt->arg;

	ext4_sync_fs(es);
}

/* After a change: a commit soon, or now when much is waiting. */
static void changed(struct ext4_fs *es)
{
	ext2fs_mark_super_dirty(es->fs);
	if (blockdev_dirty_bytes(es->bd) >= DIRTY_COMMIT)
		ext4_sync_fs(es);
	else if (!es->timer.deadline)
		timer_arm(&es->timer, clock_host_now() + COMMIT_NS);
}

/* ---- Attributes ---- */

static int ext4_getattr(struct dentry *d, struct linux_stat *st)
{
	struct ext4_fs *es = es_of(d->inode);
	struct enode *e = en(d->inode);
	struct ext2_inode_large in;
	int r = rd(es, e->ino, &in);

	if (r < 0)
		return r;
	st->st_dev = es->sb->dev;
	st->st_ino = e->ino;
	st->st_mode = in.i_mode;
	st->st_nlink = in.i_links_count;
	st->st_uid = i_uid(&in);
	st->st_gid = i_gid(&in);
	st->st_size = (int64_t)EXT2_I_SIZE(&in);
	st->st_blksize = es->fs->blocksize;
	st->st_blocks = (int64_t)ext2fs_get_stat_i_blocks(es->fs, (struct ext2_inode *)&in);
	if (LINUX_S_ISCHR(in.i_mode) || LINUX_S_ISBLK(in.i_mode))
		st->st_rdev = rdev_of(&in);
	if (e->memfd >= 0) {
		struct linux_stat h;

		if (host_fstat(e->memfd, &h) == 0)
			st->st_size = h.st_size;
	}
	{
		struct linux_timespec a = xtime(es, &in, in.i_atime, in.i_atime_extra);
		struct linux_timespec m = xtime(es, &in, in.i_mtime, in.i_mtime_extra);
		struct linux_timespec c = xtime(es, &in, in.i_ctime, in.i_ctime_extra);

		st->st_atime_sec = (uint64_t)a.tv_sec;
		st->st_atime_nsec = (uint64_t)a.tv_nsec;
		st->st_mtime_sec = (uint64_t)m.tv_sec;
		st->st_mtime_nsec = (uint64_t)m.tv_nsec;
		st->st_ctime_sec = (uint64_t)c.tv_sec;
		st->st_ctime_nsec = (uint64_t)c.tv_nsec;
	}
	d->inode->mode = in.i_mode;
	return 0;
}

static int set_size(struct ext4_fs *es, struct enode *e, int64_t size)
{
	ext2_file_t file;
	errcode_t x;

	if (e->memfd >= 0) {
		int r = host_ftruncate(e->memfd, size);

		if (r < 0)
			return r;
		e->memfd_dirty = true;
	}
	x = ext2fs_file_open2(es->fs, e->ino, NULL, EXT2_FILE_WRITE, &file);
	if (x)
		return err_of(x);
	x = ext2fs_file_set_size2(file, (ext2_off64_t)size);
	ext2fs_file_close(file);
	return err_of(x);
}

static int ext4_setattr(struct dentry *d, const struct iattr *ia)
{
	struct ext4_fs *es = es_of(d->inode);
	struct enode *e = en(d->inode);
	struct ext2_inode_large in;
	int r;

	if (es->ro)
		return -EROFS;
	if (ia->valid & ATTR_SIZE) {
		r = set_size(es, e, ia->size);
		if (r < 0)
			return r;
	}
	r = rd(es, e->ino, &in);
	if (r < 0)
		return r;
	if (ia->valid & ATTR_MODE)
		in.i_mode = (uint16_t)((in.i_mode & S_IFMT_) | (ia->mode & 07777));
	if (ia->valid & (ATTR_UID | ATTR_GID)) {
		set_owner(&in, (ia->valid & ATTR_UID) ? ia->uid : i_uid(&in),
			  (ia->valid & ATTR_GID) ? ia->gid : i_gid(&in));
		/* chown of a non-directory drops setuid, and setgid when group-executable (Linux). */
		if (!(ia->valid & ATTR_MODE) && !LINUX_S_ISDIR(in.i_mode))
			in.i_mode &= (uint16_t)~(S_ISUID_ | ((in.i_mode & 010) ? S_ISGID_ : 0));
	}
	if (ia->valid & ATTR_TIMES) {
		if (ia->atime.tv_nsec != LINUX_UTIME_OMIT)
			set_xtime(es, &in, &in.i_atime, &in.i_atime_extra,
				  ia->atime.tv_nsec == LINUX_UTIME_NOW ? now_ts() : ia->atime);
		if (ia->mtime.tv_nsec != LINUX_UTIME_OMIT)
			set_xtime(es, &in, &in.i_mtime, &in.i_mtime_extra,
				  ia->mtime.tv_nsec == LINUX_UTIME_NOW ? now_ts() : ia->mtime);
	}
	if (ia->valid & ATTR_SIZE)
		TOUCH(es, &in, m);
	TOUCH(es, &in, c);
	r = wr(es, e->ino, &in);
	d->inode->mode = in.i_mode;
	changed(es);
	return r;
}

/* ---- Names ---- */

static struct inode *ext4_lookup(struct inode *dir, const char *name)
{
	struct ext4_fs *es = es_of(dir);
	ext2_ino_t ino;
	errcode_t x = ext2fs_lookup(es->fs, en(dir)->ino, name, (int)strlen(name), NULL, &ino);

	if (x)
		return ERR_PTR(err_of(x));
	return iget(es, ino);
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
		x = ext2fs_expand_dir(es->fs, dir);
		if (!x)
			x = ext2fs_link(es->fs, dir, name, ino, ftype(mode));
	}
	return err_of(x);
}

/* The owner of a new file: fsuid, and fsgid or the directory's group when it is setgid. */
static void new_owner(struct ext4_fs *es, ext2_ino_t dir, struct ext2_inode_large *in)
{
	struct ext2_inode_large d;
	uint32_t gid = current->tg->cred.fsgid;

	if (rd(es, dir, &d) == 0 && (d.i_mode & S_ISGID_)) {
		gid = i_gid(&d);
		if (LINUX_S_ISDIR(in->i_mode))
			in->i_mode |= S_ISGID_;
	}
	set_owner(in, current->tg->cred.fsuid, gid);
}

/* A directory that was removed (still open or someone's cwd) takes no new names (Linux IS_DEADDIR). */
static int dir_alive(struct ext4_fs *es, ext2_ino_t dir)
{
	struct ext2_inode_large d;
	int r = rd(es, dir, &d);

	return r < 0 ? r : d.i_links_count == 0 ? -ENOENT : 0;
}

static void dir_touch(struct ext4_fs *es, ext2_ino_t dir, int nlink_delta)
{
	struct ext2_inode_large d;

	if (rd(es, dir, &d) < 0)
		return;
	d.i_links_count = (uint16_t)(d.i_links_count + nlink_delta);
	TOUCH(es, &d, m);
	TOUCH(es, &d, c);
	wr(es, dir, &d);
}

static int new_inode(struct dentry *dir, const char *name, uint32_t mode, uint64_t dev)
{
	struct ext4_fs *es = es_of(dir->inode);
	ext2_ino_t d = ino_of(dir), ino;
	struct ext2_inode_large in;
	errcode_t x;
	int r;

	if (es->ro)
		return -EROFS;
	if ((r = dir_alive(es, d)) < 0)
		return r;
	x = ext2fs_new_inode(es->fs, d, (int)mode, NULL, &ino);
	if (x)
		return err_of(x);
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
			return err_of(x);
		ext2fs_extent_free(h);
	}
	x = ext2fs_write_new_inode(es->fs, ino, (struct ext2_inode *)&in);
	if (x)
		return err_of(x);
	r = add_link(es, d, name, ino, mode);
	if (r < 0)
		return r; /* the inode was not counted as used: e2fsck sees nothing */
	ext2fs_inode_alloc_stats2(es->fs, ino, +1, 0);
	dir_touch(es, d, 0);
	changed(es);
	return 0;
}

static int ext4_create(struct dentry *dir, const char *name, uint32_t mode)
{
	return new_inode(dir, name, mode, 0);
}

static int ext4_mknod(struct dentry *dir, const char *name, uint32_t mode, uint64_t dev)
{
	return new_inode(dir, name, mode, dev);
}

static int ext4_mkdir(struct dentry *dir, const char *name, uint32_t mode)
{
	struct ext4_fs *es = es_of(dir->inode);
	ext2_ino_t d = ino_of(dir), ino;
	struct ext2_inode_large in;
	errcode_t x;
	int r;

	if (es->ro)
		return -EROFS;
	if ((r = dir_alive(es, d)) < 0)
		return r;
	x = ext2fs_mkdir(es->fs, d, 0, name);
	if (x == EXT2_ET_DIR_NO_SPACE) {
		x = ext2fs_expand_dir(es->fs, d);
		if (!x)
			x = ext2fs_mkdir(es->fs, d, 0, name);
	}
	if (x)
		return err_of(x);
	x = ext2fs_lookup(es->fs, d, name, (int)strlen(name), NULL, &ino);
	if (x)
		return err_of(x);
	r = rd(es, ino, &in);
	if (r < 0)
		return r;
	in.i_mode = (uint16_t)(S_IFDIR_ | (mode & 07777));
	new_owner(es, d, &in);
	TOUCH(es, &in, a);
	TOUCH(es, &in, m);
	TOUCH(es, &in, c);
	r = wr(es, ino, &in);
	dir_touch(es, d, 0); /* ext2fs_mkdir counted the parent's new link */
	changed(es);
	return r;
}

static int ext4_symlink(struct dentry *dir, const char *name, const char *target)
{
	struct ext4_fs *es = es_of(dir->inode);
	ext2_ino_t d = ino_of(dir), ino;
	struct ext2_inode_large in;
	errcode_t x;
	int r;

	if (es->ro)
		return -EROFS;
	if (strlen(target) >= es->fs->blocksize)
		return -ENAMETOOLONG;
	if ((r = dir_alive(es, d)) < 0)
		return r;
	x = ext2fs_symlink(es->fs, d, 0, name, target);
	if (x == EXT2_ET_DIR_NO_SPACE) {
		x = ext2fs_expand_dir(es->fs, d);
		if (!x)
			x = ext2fs_symlink(es->fs, d, 0, name, target);
	}
	if (x)
		return err_of(x);
	x = ext2fs_lookup(es->fs, d, name, (int)strlen(name), NULL, &ino);
	if (x)
		return err_of(x);
	r = rd(es, ino, &in);
	if (r < 0)
		return r;
	new_owner(es, d, &in);
	in.i_mode = S_IFLNK_ | 0777;
	TOUCH(es, &in, a);
	TOUCH(es, &in, m);
	TOUCH(es, &in, c);
	r = wr(es, ino, &in);
	dir_touch(es, d, 0);
	changed(es);
	return r;
}

static int ext4_link(struct dentry *old, struct dentry *dir, const char *name)
{
	struct ext4_fs *es = es_of(dir->inode);
	ext2_ino_t ino = ino_of(old);
	struct ext2_inode_large in;
	int r;

	if (es->ro)
		return -EROFS;
	r = rd(es, ino, &in);
	if (r < 0)
		return r;
	if (in.i_links_count >= 65000)
		return -EMLINK;
	if ((r = dir_alive(es, ino_of(dir))) < 0)
		return r;
	r = add_link(es, ino_of(dir), name, ino, in.i_mode);
	if (r < 0)
		return r;
	in.i_links_count++;
	TOUCH(es, &in, c);
	r = wr(es, ino, &in);
	dir_touch(es, ino_of(dir), 0);
	changed(es);
	return r;
}

/* Drops one link of d's inode (named name in dir); frees it when nothing holds it. */
static int drop_link(struct ext4_fs *es, ext2_ino_t dir, const char *name, struct dentry *d, bool isdir)
{
	ext2_ino_t ino = ino_of(d);
	struct ext2_inode_large in;
	errcode_t x = ext2fs_unlink(es->fs, dir, name, ino, 0);
	int r;

	if (x)
		return err_of(x);
	r = rd(es, ino, &in);
	if (r < 0)
		return r;
	in.i_links_count = isdir ? 0 : (uint16_t)(in.i_links_count ? in.i_links_count - 1 : 0);
	TOUCH(es, &in, c);
	r = wr(es, ino, &in);
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

	return x ? err_of(x) : empty ? 1 : 0;
}

static int ext4_unlink(struct dentry *dir, struct dentry *d)
{
	struct ext4_fs *es = es_of(dir->inode);
	int r;

	if (es->ro)
		return -EROFS;
	r = drop_link(es, ino_of(dir), d->name, d, false);
	changed(es);
	return r;
}

static int ext4_rmdir(struct dentry *dir, struct dentry *d)
{
	struct ext4_fs *es = es_of(dir->inode);
	int r;

	if (es->ro)
		return -EROFS;
	r = dir_is_empty(es, ino_of(d));
	if (r <= 0)
		return r < 0 ? r : -ENOTEMPTY;
	r = drop_link(es, ino_of(dir), d->name, d, true);
	changed(es);
	return r;
}

/* Points a moved directory's ".." at its new parent. */
static int set_dotdot(struct ext4_fs *es, ext2_ino_t dir, ext2_ino_t parent)
{
	errcode_t x = ext2fs_unlink(es->fs, dir, "..", 0, 0);

	if (!x)
		x = ext2fs_link(es->fs, dir, "..", parent, EXT2_FT_DIR);
	return err_of(x);
}

/* Points name in dir at ino instead. */
static int repoint(struct ext4_fs *es, ext2_ino_t dir, const char *name, ext2_ino_t was, ext2_ino_t ino,
		   uint32_t mode)
{
	int r = err_of(ext2fs_unlink(es->fs, dir, name, was, 0));

	return r < 0 ? r : add_link(es, dir, name, ino, mode);
}

/* RENAME_EXCHANGE: the two names swap their inodes. */
static int exchange(struct ext4_fs *es, struct dentry *olddir, struct dentry *old, struct dentry *newdir,
		    struct dentry *target)
{
	ext2_ino_t od = ino_of(olddir), nd = ino_of(newdir), a = ino_of(old), b = ino_of(target);
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
	if (rd(es, a, &in) == 0) {
		TOUCH(es, &in, c);
		wr(es, a, &in);
	}
	if (rd(es, b, &in) == 0) {
		TOUCH(es, &in, c);
		wr(es, b, &in);
	}
	changed(es);
	return r;
}

static int ext4_rename(struct dentry *olddir, struct dentry *old, struct dentry *newdir, const char *newname,
		       struct dentry *target, unsigned flags)
{
	struct ext4_fs *es = es_of(olddir->inode);
	ext2_ino_t od = ino_of(olddir), nd = ino_of(newdir), ino = ino_of(old);
	bool isdir = MODE_ISDIR(old->inode->mode);
	struct ext2_inode_large in;
	int r;

	if (es->ro)
		return -EROFS;
	if ((r = dir_alive(es, nd)) < 0)
		return r;
	if (flags & LINUX_RENAME_EXCHANGE)
		return exchange(es, olddir, old, newdir, target);
	if (target) {
		bool tdir = MODE_ISDIR(target->inode->mode);

		if (tdir) {
			r = dir_is_empty(es, ino_of(target));
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
	r = err_of(ext2fs_unlink(es->fs, od, old->name, ino, 0));
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
	if (rd(es, ino, &in) == 0) {
		TOUCH(es, &in, c);
		wr(es, ino, &in);
	}
	changed(es);
	return 0;
}

static long ext4_readlink(struct dentry *d, char *buf, size_t n)
{
	struct ext4_fs *es = es_of(d->inode);
	ext2_ino_t ino = ino_of(d);
	struct ext2_inode_large in;
	size_t len;
	int r = rd(es, ino, &in);

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
			return err_of(x);
		x = ext2fs_file_read(f, buf, (unsigned)MIN(len, n), &got);
		ext2fs_file_close(f);
		return x ? err_of(x) : (long)got;
	}
}

static int ext4_statfs(struct dentry *d, struct linux_statfs *st)
{
	struct ext4_fs *es = es_of(d->inode);
	struct ext2_super_block *s = es->fs->super;
	uint64_t free = ext2fs_free_blocks_count(s), resv = ext2fs_r_blocks_count(s);

	memset(st, 0, sizeof(*st));
	st->f_type = 0xEF53;
	st->f_bsize = es->fs->blocksize;
	st->f_frsize = es->fs->blocksize;
	st->f_blocks = ext2fs_blocks_count(s) - s->s_first_data_block;
	st->f_bfree = free;
	st->f_bavail = free > resv ? free - resv : 0;
	st->f_files = s->s_inodes_count;
	st->f_ffree = s->s_free_inodes_count;
	memcpy(&st->f_fsid, s->s_uuid, sizeof(st->f_fsid));
	st->f_namelen = EXT2_NAME_LEN;
	st->f_flags = es->ro ? 1 : 0;
	return 0;
}

/* ---- Extended attributes ---- */

static int xopen(struct dentry *d, struct ext2_xattr_handle **h)
{
	struct ext4_fs *es = es_of(d->inode);
	errcode_t x;

	if (!ext2fs_has_feature_xattr(es->fs->super))
		return -EOPNOTSUPP;
	x = ext2fs_xattrs_open(es->fs, ino_of(d), h);
	if (!x)
		x = ext2fs_xattrs_read(*h);
	if (x && *h)
		ext2fs_xattrs_close(h);
	return err_of(x);
}

static long ext4_getxattr(struct dentry *d, const char *name, void *buf, size_t n)
{
	struct ext2_xattr_handle *h = NULL;
	void *val;
	size_t len;
	long r = xopen(d, &h);

	if (r < 0)
		return r;
	r = err_of(ext2fs_xattr_get(h, name, &val, &len));
	if (r == 0) {
		r = (long)len;
		if (n && len > n)
			r = -ERANGE;
		else if (n)
			memcpy(buf, val, len);
		ext2fs_free_mem(&val);
	}
	ext2fs_xattrs_close(&h);
	return r;
}

static int ext4_setxattr(struct dentry *d, const char *name, const void *val, size_t n, int flags)
{
	struct ext4_fs *es = es_of(d->inode);
	struct ext2_xattr_handle *h = NULL;
	void *old;
	size_t len;
	int r, have;

	if (es->ro)
		return -EROFS;
	r = xopen(d, &h);
	if (r < 0)
		return r;
	have = ext2fs_xattr_get(h, name, &old, &len) == 0;
	if (have)
		ext2fs_free_mem(&old);
	if ((flags & 1) && have) /* XATTR_CREATE */
		r = -EEXIST;
	else if ((flags & 2) && !have) /* XATTR_REPLACE */
		r = -ENODATA;
	else
		r = err_of(ext2fs_xattr_set(h, name, val, n));
	ext2fs_xattrs_close(&h);
	if (r == 0)
		changed(es);
	return r;
}

struct xlist {
	char *buf;
	size_t n, used;
};

static int xlist_cb(char *name, char *value, size_t value_len, void *priv)
{
	struct xlist *l = priv;
	size_t len = strlen(name) + 1;

	(void)value; (void)value_len;
	if (l->n && l->used + len <= l->n)
		memcpy(l->buf + l->used, name, len);
	l->used += len;
	return 0;
}

static long ext4_listxattr(struct dentry *d, char *buf, size_t n)
{
	struct ext2_xattr_handle *h = NULL;
	struct xlist l = { buf, n, 0 };
	long r = xopen(d, &h);

	if (r == -EOPNOTSUPP)
		return 0;
	if (r < 0)
		return r;
	r = err_of(ext2fs_xattrs_iterate(h, xlist_cb, &l));
	ext2fs_xattrs_close(&h);
	if (r < 0)
		return r;
	return n && l.used > n ? -ERANGE : (long)l.used;
}

static int ext4_removexattr(struct dentry *d, const char *name)
{
	struct ext4_fs *es = es_of(d->inode);
	struct ext2_xattr_handle *h = NULL;
	void *old;
	size_t len;
	int r;

	if (es->ro)
		return -EROFS;
	r = xopen(d, &h);
	if (r < 0)
		return r;
	if (ext2fs_xattr_get(h, name, &old, &len) != 0) {
		r = -ENODATA;
	} else {
		ext2fs_free_mem(&old);
		r = err_of(ext2fs_xattr_remove(h, name));
	}
	ext2fs_xattrs_close(&h);
	if (r == 0)
		changed(es);
	return r;
}

/* ---- Open files ---- */

static int ext4_open(struct dentry *d, struct file *f, int flags)
{
	struct enode *e = en(d->inode);

	(void)flags;
	if (MODE_ISDIR(d->inode->mode))
		f->ops = &ext4_dir_ops;
	else if (MODE_ISREG(d->inode->mode))
		f->ops = &ext4_file_ops;
	else
		return -ENXIO;
	if (file_can_write(f) && e->es->ro)
		return -EROFS;
	e->opens++;
	return 0;
}

/* Copies the memfd page cache back into the file. */
static int writeback(struct enode *e)
{
	struct ext4_fs *es = e->es;
	struct linux_stat st;
	char *buf;
	int64_t off = 0;
	int r = 0;

	if (e->memfd < 0 || !e->memfd_dirty || es->ro)
		return 0;
	if (host_fstat(e->memfd, &st) < 0)
		return -EIO;
	r = set_size(es, e, st.st_size);
	if (r < 0)
		return r;
	buf = kmalloc(1 << 20);
	{
		ext2_file_t file;
		errcode_t x = ext2fs_file_open2(es->fs, e->ino, NULL, EXT2_FILE_WRITE, &file);

		if (x) {
			kfree(buf);
			return err_of(x);
		}
		while (off < st.st_size && r == 0) {
			long n = host_pread(e->memfd, buf, 1 << 20, off);
			unsigned done = 0;

			if (n <= 0) {
				r = n < 0 ? (int)n : -EIO;
				break;
			}
			x = ext2fs_file_llseek(file, (uint64_t)off, EXT2_SEEK_SET, NULL);
			if (!x)
				x = ext2fs_file_write(file, buf, (unsigned)n, &done);
			r = err_of(x);
			off += n;
		}
		x = ext2fs_file_close(file);
		if (!r)
			r = err_of(x);
	}
	kfree(buf);
	if (r == 0)
		e->memfd_dirty = false;
	changed(es);
	return r;
}

static void ext4_release(struct file *f)
{
	struct enode *e = en(f->inode);

	if (--e->opens == 0)
		writeback(e);
}

static long ext4_read(struct file *f, void *buf, size_t n, int64_t *pos)
{
	struct enode *e = en(f->inode);
	struct ext4_fs *es = e->es;
	ext2_file_t file;
	unsigned got = 0;
	errcode_t x;

	if (e->memfd >= 0) {
		long r = host_pread(e->memfd, buf, n, *pos);

		if (r > 0)
			*pos += r;
		return r;
	}
	x = ext2fs_file_open2(es->fs, e->ino, NULL, 0, &file);
	if (x)
		return err_of(x);
	n = MIN(n, (size_t)0x7ffff000);
	x = ext2fs_file_llseek(file, (uint64_t)*pos, EXT2_SEEK_SET, NULL);
	if (!x)
		x = ext2fs_file_read(file, buf, (unsigned)n, &got);
	ext2fs_file_close(file);
	if (x)
		return err_of(x);
	*pos += got;
	return got;
}

static long ext4_write(struct file *f, const void *buf, size_t n, int64_t *pos)
{
	struct enode *e = en(f->inode);
	struct ext4_fs *es = e->es;
	struct ext2_inode_large in;
	ext2_file_t file;
	unsigned done = 0;
	errcode_t x, cx;
	int r;

	if (es->ro)
		return -EROFS;
	n = MIN(n, (size_t)0x7ffff000);
	if (e->memfd >= 0) {
		struct linux_stat st;
		long w;

		if ((f->flags & LINUX_O_APPEND) && host_fstat(e->memfd, &st) == 0)
			*pos = st.st_size;
		w = host_pwrite(e->memfd, buf, n, *pos);
		if (w > 0) {
			*pos += w;
			e->memfd_dirty = true;
		}
		return w;
	}
	r = rd(es, e->ino, &in);
	if (r < 0)
		return r;
	if (f->flags & LINUX_O_APPEND)
		*pos = (int64_t)EXT2_I_SIZE(&in);
	x = ext2fs_file_open2(es->fs, e->ino, NULL, EXT2_FILE_WRITE, &file);
	if (x)
		return err_of(x);
	x = ext2fs_file_llseek(file, (uint64_t)*pos, EXT2_SEEK_SET, NULL);
	if (!x)
		x = ext2fs_file_write(file, buf, (unsigned)n, &done);
	cx = ext2fs_file_close(file);
	if (!x)
		x = cx;
	if (done && rd(es, e->ino, &in) == 0) {
		TOUCH(es, &in, m);
		TOUCH(es, &in, c);
		in.i_mode &= (uint16_t)~(S_ISUID_ | ((in.i_mode & 010) ? S_ISGID_ : 0)); /* Linux file_remove_privs */
		wr(es, e->ino, &in);
	}
	if (done || x)
		changed(es);
	if (x && !done)
		return err_of(x);
	*pos += done;
	return done;
}

static int64_t ext4_llseek(struct file *f, int64_t off, int whence)
{
	struct enode *e = en(f->inode);
	struct ext4_fs *es = e->es;
	struct linux_stat st;
	int64_t size, base;
	int r;

	if (f->ops == &ext4_dir_ops) {
		if (whence != LINUX_SEEK_SET || off < 0)
			return -EINVAL;
		f->pos = off;
		return off;
	}
	{
		struct dentry dd = { .inode = f->inode };

		r = ext4_getattr(&dd, &st);
		if (r < 0)
			return r;
		size = st.st_size;
	}
	switch (whence) {
	case LINUX_SEEK_SET: base = 0; break;
	case LINUX_SEEK_CUR: base = f->pos; break;
	case LINUX_SEEK_END: base = size; break;
	case LINUX_SEEK_DATA:
	case LINUX_SEEK_HOLE: {
		/* Block by block through the block map; a page-cache memfd is all data. */
		uint64_t bs = es->fs->blocksize, b;
		bool want_data = whence == LINUX_SEEK_DATA;

		if (off < 0 || off >= size)
			return -ENXIO;
		if (e->memfd >= 0)
			return want_data ? off : size;
		for (b = (uint64_t)off / bs; b * bs < (uint64_t)size; b++) {
			blk64_t phys = 0;
			errcode_t x = ext2fs_bmap2(es->fs, e->ino, NULL, NULL, 0, b, NULL, &phys);

			if (x)
				return err_of(x);
			if ((phys != 0) == want_data) {
				int64_t at = (int64_t)(b * bs);

				return f->pos = MAX(at, off);
			}
		}
		return want_data ? -ENXIO : (f->pos = size);
	}
	default: return -EINVAL;
	}
	if (off > 0 ? base > INT64_MAX - off : base + off < 0)
		return -EINVAL;
	f->pos = base + off;
	return f->pos;
}

static int ext4_sync_fs(struct ext4_fs *es)
{
	struct enode *e;
	errcode_t x;
	size_t i;

	timer_cancel(&es->timer);
	if (es->ro)
		return 0;
	for (i = 0; i < NHASH; i++)
		for (e = es->hash[i]; e; e = e->hnext)
			writeback(e);
	timer_cancel(&es->timer);
	/* ext2fs_flush writes the superblock, group descriptors and bitmaps, then flushes the channel: the commit. */
	x = ext2fs_flush2(es->fs, 0);
	return err_of(x);
}

static int ext4_fsync(struct file *f, int datasync)
{
	(void)datasync;
	return ext4_sync_fs(en(f->inode)->es);
}

/* Punches [off, off+len) within the file: whole blocks are freed, the edges zeroed. */
static int punch(struct ext4_fs *es, struct enode *e, int64_t off, int64_t len)
{
	uint64_t bs = es->fs->blocksize, size, end, first, last;
	struct ext2_inode_large in;
	static const char zeros[4096];
	int r;

	if (e->memfd >= 0)
		return host_fallocate(e->memfd, 3, off, len);
	r = rd(es, e->ino, &in);
	if (r < 0)
		return r;
	size = EXT2_I_SIZE(&in);
	end = MIN((uint64_t)off + (uint64_t)len, size);
	if ((uint64_t)off >= end)
		return 0;
	first = ((uint64_t)off + bs - 1) / bs;
	last = end / bs; /* blocks [first, last) go */
	{
		/* The partial blocks at the edges read back as zeros. */
		ext2_file_t file;
		errcode_t x = ext2fs_file_open2(es->fs, e->ino, NULL, EXT2_FILE_WRITE, &file);
		uint64_t a[2][2] = { { (uint64_t)off, MIN(first * bs, end) }, { MAX(last * bs, (uint64_t)off), end } };
		int k;

		if (x)
			return err_of(x);
		for (k = 0; k < 2 && !x; k++) {
			uint64_t p = a[k][0];

			if (k == 1 && first >= last)
				break; /* one partial stretch, already done */
			while (p < a[k][1] && !x) {
				unsigned n = (unsigned)MIN(a[k][1] - p, (uint64_t)sizeof(zeros)), done = 0;

				x = ext2fs_file_llseek(file, p, EXT2_SEEK_SET, NULL);
				if (!x)
					x = ext2fs_file_write(file, zeros, n, &done);
				p += n;
			}
		}
		ext2fs_file_close(file);
		if (x)
			return err_of(x);
	}
	if (first < last) {
		r = rd(es, e->ino, &in);
		if (r < 0)
			return r;
		r = err_of(ext2fs_punch(es->fs, e->ino, (struct ext2_inode *)&in, NULL, first, last - 1));
		if (r < 0)
			return r;
	}
	changed(es);
	return 0;
}

static int ext4_fallocate(struct file *f, int mode, int64_t off, int64_t len)
{
	struct enode *e = en(f->inode);
	struct ext4_fs *es = e->es;
	struct ext2_inode_large in;
	errcode_t x;
	int r;

	if (es->ro)
		return -EROFS;
	if (mode == 3) /* FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE */
		return punch(es, e, off, len);
	if (mode & ~1) /* FALLOC_FL_KEEP_SIZE; no ZERO_RANGE, COLLAPSE or INSERT */
		return -EOPNOTSUPP;
	if (e->memfd >= 0)
		return -EOPNOTSUPP;
	r = rd(es, e->ino, &in);
	if (r < 0)
		return r;
	x = ext2fs_fallocate(es->fs, EXT2_FALLOCATE_INIT_BEYOND_EOF, e->ino, (struct ext2_inode *)&in, ~0ULL,
			     (uint64_t)off / es->fs->blocksize,
			     ((uint64_t)(off + len) + es->fs->blocksize - 1) / es->fs->blocksize -
				     (uint64_t)off / es->fs->blocksize);
	if (x)
		return err_of(x);
	r = rd(es, e->ino, &in);
	if (r == 0 && !(mode & 1) && (uint64_t)(off + len) > EXT2_I_SIZE(&in)) {
		r = err_of(ext2fs_inode_size_set(es->fs, (struct ext2_inode *)&in, (uint64_t)(off + len)));
		if (r == 0)
			r = wr(es, e->ino, &in);
	}
	changed(es);
	return r;
}

/* mmap: the file's contents in a memfd, the one copy while it exists. */
static int ext4_mmap_fd(struct file *f)
{
	struct enode *e = en(f->inode);
	struct ext4_fs *es = e->es;

	if (e->memfd < 0) {
		char *buf = kmalloc(1 << 20);
		ext2_file_t file;
		errcode_t x;
		int64_t off = 0;
		int fd = host_memfd("ext4-page-cache");

		if (fd < 0) {
			kfree(buf);
			return fd;
		}
		x = ext2fs_file_open2(es->fs, e->ino, NULL, 0, &file);
		if (!x) {
			__u64 size = 0;

			ext2fs_file_get_lsize(file, &size);
			host_ftruncate(fd, (int64_t)size);
			/* Holes stay holes in the memfd: only mapped blocks are copied. */
			while (!x && off < (int64_t)size) {
				unsigned got = 0;

				x = ext2fs_file_llseek(file, (uint64_t)off, EXT2_SEEK_SET, NULL);
				if (!x)
					x = ext2fs_file_read(file, buf, 1 << 20, &got);
				if (!x && got) {
					size_t i;

					for (i = 0; i < got; i++)
						if (buf[i])
							break;
					if (i < got && host_pwrite(fd, buf, got, off) != (long)got)
						x = EXT2_ET_SHORT_WRITE;
				}
				if (!got)
					break;
				off += got;
			}
			ext2fs_file_close(file);
		}
		kfree(buf);
		if (x) {
			host_close(fd);
			return err_of(x);
		}
		e->memfd = fd;
	}
	/* A file open for writing may be mapped shared and writable: write it back later. */
	if (file_can_write(f))
		e->memfd_dirty = true;
	return e->memfd;
}

/* ---- Directories ---- */

struct dctx {
	void *buf;
	size_t n, used;
	int64_t idx, start;
	bool full;
};

static int dtype(int ft)
{
	static const int map[] = { LINUX_DT_UNKNOWN, LINUX_DT_REG, LINUX_DT_DIR, LINUX_DT_CHR, LINUX_DT_BLK,
				   LINUX_DT_FIFO, LINUX_DT_SOCK, LINUX_DT_LNK };

	return ft >= 0 && ft < (int)ARRAY_SIZE(map) ? map[ft] : LINUX_DT_UNKNOWN;
}

static int getdents_cb(ext2_ino_t dir, int entry, struct ext2_dir_entry *de, int off, int bs, char *b, void *priv)
{
	struct dctx *c = priv;
	char name[EXT2_NAME_LEN + 1];
	int len = ext2fs_dirent_name_len(de);

	(void)dir; (void)entry; (void)off; (void)bs; (void)b;
	if (!de->inode)
		return 0;
	if (c->idx++ < c->start)
		return 0;
	memcpy(name, de->name, (size_t)len);
	name[len] = 0;
	if (!dirent_emit(c->buf, c->n, &c->used, de->inode, c->idx, dtype(ext2fs_dirent_file_type(de)), name)) {
		c->idx--;
		c->full = true;
		return DIRENT_ABORT;
	}
	return 0;
}

static long ext4_getdents(struct file *f, void *buf, size_t n)
{
	struct enode *e = en(f->inode);
	struct dctx c = { buf, n, 0, 0, f->pos, false };
	errcode_t x = ext2fs_dir_iterate2(e->es->fs, e->ino, 0, NULL, getdents_cb, &c);

	if (x)
		return err_of(x);
	if (c.full && !c.used)
		return -EINVAL;
	f->pos = c.idx;
	return (long)c.used;
}

static void ext4_dir_release(struct file *f)
{
	en(f->inode)->opens--;
}

static const struct file_ops ext4_file_ops = {
	.read = ext4_read,
	.write = ext4_write,
	.llseek = ext4_llseek,
	.mmap_fd = ext4_mmap_fd,
	.fsync = ext4_fsync,
	.fallocate = ext4_fallocate,
	.release = ext4_release,
};

static const struct file_ops ext4_dir_ops = {
	.getdents = ext4_getdents,
	.llseek = ext4_llseek,
	.fsync = ext4_fsync,
	.release = ext4_dir_release,
};

static const struct inode_ops ext4_iops = {
	.lookup = ext4_lookup,
	.create = ext4_create,
	.mkdir = ext4_mkdir,
	.mknod = ext4_mknod,
	.symlink = ext4_symlink,
	.link = ext4_link,
	.unlink = ext4_unlink,
	.rmdir = ext4_rmdir,
	.rename = ext4_rename,
	.readlink = ext4_readlink,
	.getattr = ext4_getattr,
	.setattr = ext4_setattr,
	.open = ext4_open,
	.statfs = ext4_statfs,
	.getxattr = ext4_getxattr,
	.setxattr = ext4_setxattr,
	.listxattr = ext4_listxattr,
	.removexattr = ext4_removexattr,
};

/* ---- Mounting ---- */

static int sb_statfs(struct super_block *sb, struct linux_statfs *st)
{
	struct ext4_fs *es = sb->priv;
	struct dentry d = { .inode = NULL };
	struct inode *root = iget(es, EXT2_ROOT_INO);
	int r;

	if (IS_ERR(root))
		return (int)PTR_ERR(root);
	d.inode = root;
	r = ext4_statfs(&d, st);
	inode_put(root);
	return r;
}

struct dentry *ext4_mount(struct blockdev *bd, bool ro, struct super_block **sb_out, char *err, size_t errlen)
{
	struct ext4_fs *es = kzalloc(sizeof(*es));
	char name[64];
	struct inode *root;
	errcode_t x;
	int flags = EXT2_FLAG_64BITS | EXT2_FLAG_MASTER_SB_ONLY | (ro ? 0 : EXT2_FLAG_RW);

	blockdev_name(bd, name, sizeof(name));
	x = ext2fs_open2(name, NULL, flags, 0, 0, blockdev_io_manager, &es->fs);
	if (x) {
		ksnprintf(err, errlen, "not a usable ext2/3/4 image: %s", error_message(x));
		kfree(es);
		return NULL;
	}
	if (ext2fs_has_feature_journal_needs_recovery(es->fs->super)) {
		ksnprintf(err, errlen, "the image's ext3/4 journal needs recovery: run e2fsck -p on it first");
		goto fail;
	}
	if ((uint64_t)ext2fs_blocks_count(es->fs->super) * es->fs->blocksize > blockdev_size(bd)) {
		ksnprintf(err, errlen, "the image is truncated: the filesystem needs %llu bytes, the file has %llu",
			  (unsigned long long)ext2fs_blocks_count(es->fs->super) * es->fs->blocksize,
			  (unsigned long long)blockdev_size(bd));
		goto fail;
	}
	x = ext2fs_read_bitmaps(es->fs);
	if (x) {
		ksnprintf(err, errlen, "cannot read the image's bitmaps: %s", error_message(x));
		goto fail;
	}
	es->bd = bd;
	es->ro = ro;
	es->sb = kzalloc(sizeof(*es->sb));
	es->sb->fstype = ext2fs_has_feature_journal(es->fs->super) ?
				 (ext2fs_has_feature_extents(es->fs->super) ? "ext4" : "ext3") :
				 (ext2fs_has_feature_extents(es->fs->super) ? "ext4" : "ext2");
	es->sb->dev = vfs_new_dev();
	es->sb->priv = es;
	es->sb->statfs = sb_statfs;
	es->timer.fn = commit_timer;
	es->timer.arg = es;
	root = iget(es, EXT2_ROOT_INO);
	if (IS_ERR(root)) {
		ksnprintf(err, errlen, "cannot read the root directory");
		goto fail;
	}
	list_add_tail(&es->link, &all_fs);
	*sb_out = es->sb;
	return dentry_new(NULL, "/", root);
fail:
	ext2fs_close_free(&es->fs);
	kfree(es);
	return NULL;
}

int ext4_sync_all(void)
{
	struct ext4_fs *es;
	int r = 0, e;

	list_for_each_entry(es, &all_fs, link) {
		e = ext4_sync_fs(es);
		if (e && !r)
			r = e;
	}
	return r;
}

int ext4_sync_sb(struct super_block *sb)
{
	struct ext4_fs *es;

	list_for_each_entry(es, &all_fs, link)
		if (es->sb == sb)
			return ext4_sync_fs(es);
	return 0;
}

void ext4_shutdown(void)
{
	struct ext4_fs *es;

	list_for_each_entry(es, &all_fs, link) {
		if (ext4_sync_fs(es) < 0)
			log_msg("ext4: the last commit to a disk image failed");
	}
}
