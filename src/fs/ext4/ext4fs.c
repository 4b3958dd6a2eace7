/* SPDX-License-Identifier: MIT */
/*
 * ext2/3/4 disk images as a ukern filesystem, through libext2fs: inodes,
 * attributes, commits and mounting here; names in namei.c, data in file.c.
 * Names,
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
#include "fs/ext4/internal.h"
#include "fs/vfs/vfs.h"
#include "host/host.h"
#include "kernel/task.h"
#include "lib/err.h"
#include "lib/kstd.h"
#include "lib/log.h"

static struct list_head all_fs = LIST_HEAD_INIT(all_fs);

int ext4_err(errcode_t e)
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

struct enode *ext4_en(struct inode *i)
{
	return i->priv;
}

struct ext4_fs *ext4_es(struct inode *i)
{
	return ext4_en(i)->es;
}

/* ---- Inodes ---- */

int ext4_rd(struct ext4_fs *es, ext2_ino_t ino, struct ext2_inode_large *in)
{
	memset(in, 0, sizeof(*in));
	return ext4_err(ext2fs_read_inode_full(es->fs, ino, (struct ext2_inode *)in, sizeof(*in)));
}

int ext4_wr(struct ext4_fs *es, ext2_ino_t ino, struct ext2_inode_large *in)
{
	return ext4_err(ext2fs_write_inode_full(es->fs, ino, (struct ext2_inode *)in, sizeof(*in)));
}

bool ext4_has_extra(struct ext4_fs *es, struct ext2_inode_large *in)
{
	return EXT2_INODE_SIZE(es->fs->super) > EXT2_GOOD_OLD_INODE_SIZE && in->i_extra_isize >= 16;
}

struct linux_timespec ext4_xtime(struct ext4_fs *es, struct ext2_inode_large *in, uint32_t sec, uint32_t extra)
{
	struct linux_timespec ts = { (int32_t)sec, 0 };

	if (ext4_has_extra(es, in)) {
		ts.tv_sec += (int64_t)(extra & 3) << 32;
		ts.tv_nsec = extra >> 2;
	}
	return ts;
}

void ext4_set_xtime(struct ext4_fs *es, struct ext2_inode_large *in, uint32_t *sec, uint32_t *extra,
		      struct linux_timespec ts)
{
	*sec = (uint32_t)ts.tv_sec;
	if (ext4_has_extra(es, in))
		*extra = (uint32_t)(((ts.tv_sec - (int32_t)*sec) >> 32) & 3) | (uint32_t)(ts.tv_nsec << 2);
}

struct linux_timespec ext4_now(void)
{
	int64_t ns = clock_realtime_ns();

	return (struct linux_timespec){ ns / 1000000000, ns % 1000000000 };
}

uint32_t ext4_uid(struct ext2_inode_large *in)
{
	return in->i_uid | (uint32_t)in->i_uid_high << 16;
}

uint32_t ext4_gid(struct ext2_inode_large *in)
{
	return in->i_gid | (uint32_t)in->i_gid_high << 16;
}

void ext4_set_owner(struct ext2_inode_large *in, uint32_t uid, uint32_t gid)
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

static void free_inode(struct ext4_fs *es, ext2_ino_t ino);

/*
 * The last reference to the VFS inode is gone (names, open files, cwds):
 * an inode without links is freed now, as Linux's iput does.
 */
static void en_destroy(struct inode *i)
{
	struct enode *e = ext4_en(i), **pp;
	struct ext2_inode_large in;

	if (!e->es->ro && ext2fs_read_inode_full(e->es->fs, e->ino, (struct ext2_inode *)&in, sizeof(in)) == 0 &&
	    in.i_links_count == 0 && in.i_mode && !in.i_dtime) {
		free_inode(e->es, e->ino);
		ext4_changed(e->es);
	}

	for (pp = &e->es->hash[e->ino % NHASH]; *pp; pp = &(*pp)->hnext) {
		if (*pp == e) {
			*pp = e->hnext;
			break;
		}
	}
	if (e->memfd >= 0)
		host_close(e->memfd);
	ext4_extent_cache_drop(e);
	kfree(e);
}

/* The VFS inode of on-disk inode ino (a new reference), or ERR_PTR. */
struct inode *ext4_iget(struct ext4_fs *es, ext2_ino_t ino)
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
	r = ext4_rd(es, ino, &in);
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

ext2_ino_t ext4_ino(struct dentry *d)
{
	return ext4_en(d->inode)->ino;
}

/* Frees an inode's blocks, attributes and number (its last link and last open are gone). */
static void free_inode(struct ext4_fs *es, ext2_ino_t ino)
{
	struct ext2_inode_large in;

	if (ext4_rd(es, ino, &in) < 0)
		return;
	if (ext2fs_inode_has_valid_blocks2(es->fs, (struct ext2_inode *)&in))
		ext2fs_punch(es->fs, ino, (struct ext2_inode *)&in, NULL, 0, ~0ULL);
	if (ext2fs_file_acl_block(es->fs, (struct ext2_inode *)&in))
		ext2fs_free_ext_attr(es->fs, ino, &in);
	in.i_dtime = (uint32_t)(clock_realtime_ns() / 1000000000);
	ext4_wr(es, ino, &in);
	ext2fs_inode_alloc_stats2(es->fs, ino, -1, LINUX_S_ISDIR(in.i_mode));
}

/* ---- Commits ---- */


static void commit_timer(struct ktimer *kt)
{
	struct ext4_fs *es = kt->arg;

	ext4_sync_fs(es);
}

/* After a change: a commit soon, or now when much is waiting. */
void ext4_changed(struct ext4_fs *es)
{
	ext2fs_mark_super_dirty(es->fs);
	if (blockdev_dirty_bytes(es->bd) >= DIRTY_COMMIT)
		ext4_sync_fs(es);
	else if (!es->timer.deadline)
		timer_arm(&es->timer, clock_host_now() + COMMIT_NS);
}

/* ---- Attributes ---- */

int ext4_getattr(struct dentry *d, struct linux_stat *st)
{
	struct ext4_fs *es = ext4_es(d->inode);
	struct enode *e = ext4_en(d->inode);
	struct ext2_inode_large in;
	int r = ext4_rd(es, e->ino, &in);

	if (r < 0)
		return r;
	st->st_dev = es->sb->dev;
	st->st_ino = e->ino;
	st->st_mode = in.i_mode;
	st->st_nlink = in.i_links_count;
	st->st_uid = ext4_uid(&in);
	st->st_gid = ext4_gid(&in);
	st->st_size = ext4_isize(e, &in);
	st->st_blksize = es->fs->blocksize;
	st->st_blocks = (int64_t)ext2fs_get_stat_i_blocks(es->fs, (struct ext2_inode *)&in);
	if (LINUX_S_ISCHR(in.i_mode) || LINUX_S_ISBLK(in.i_mode))
		st->st_rdev = rdev_of(&in);
	{
		struct linux_timespec a = ext4_xtime(es, &in, in.i_atime, in.i_atime_extra);
		struct linux_timespec m = ext4_xtime(es, &in, in.i_mtime, in.i_mtime_extra);
		struct linux_timespec c = ext4_xtime(es, &in, in.i_ctime, in.i_ctime_extra);

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

int ext4_set_size(struct ext4_fs *es, struct enode *e, int64_t size)
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
		return ext4_err(x);
	x = ext2fs_file_set_size2(file, (ext2_off64_t)size);
	ext2fs_file_close(file);
	return ext4_err(x);
}

int ext4_setattr(struct dentry *d, const struct iattr *ia)
{
	struct ext4_fs *es = ext4_es(d->inode);
	struct enode *e = ext4_en(d->inode);
	struct ext2_inode_large in;
	int r;

	if (es->ro)
		return -EROFS;
	if (ia->valid & ATTR_SIZE) {
		r = ext4_set_size(es, e, ia->size);
		if (r < 0)
			return r;
	}
	r = ext4_rd(es, e->ino, &in);
	if (r < 0)
		return r;
	if (ia->valid & ATTR_MODE)
		in.i_mode = (uint16_t)((in.i_mode & S_IFMT_) | (ia->mode & 07777));
	if (ia->valid & (ATTR_UID | ATTR_GID)) {
		ext4_set_owner(&in, (ia->valid & ATTR_UID) ? ia->uid : ext4_uid(&in),
			  (ia->valid & ATTR_GID) ? ia->gid : ext4_gid(&in));
		/* chown of a non-directory drops setuid, and setgid when group-executable (Linux). */
		if (!(ia->valid & ATTR_MODE) && !LINUX_S_ISDIR(in.i_mode))
			in.i_mode &= (uint16_t)~(S_ISUID_ | ((in.i_mode & 010) ? S_ISGID_ : 0));
	}
	if (ia->valid & ATTR_TIMES) {
		if (ia->atime.tv_nsec != LINUX_UTIME_OMIT)
			ext4_set_xtime(es, &in, &in.i_atime, &in.i_atime_extra,
				  ia->atime.tv_nsec == LINUX_UTIME_NOW ? ext4_now() : ia->atime);
		if (ia->mtime.tv_nsec != LINUX_UTIME_OMIT)
			ext4_set_xtime(es, &in, &in.i_mtime, &in.i_mtime_extra,
				  ia->mtime.tv_nsec == LINUX_UTIME_NOW ? ext4_now() : ia->mtime);
	}
	if (ia->valid & ATTR_SIZE)
		TOUCH(es, &in, m);
	TOUCH(es, &in, c);
	r = ext4_wr(es, e->ino, &in);
	d->inode->mode = in.i_mode;
	ext4_changed(es);
	return r;
}

/* A file's size: its page-cache memfd's while it has one, else the inode's. */
int64_t ext4_isize(struct enode *e, struct ext2_inode_large *in)
{
	struct linux_stat h;

	if (e->memfd >= 0 && host_fstat(e->memfd, &h) == 0)
		return h.st_size;
	return (int64_t)EXT2_I_SIZE(in);
}

/* statfs from the superblock (a statfs of any inode, and of the mount). */
static int fs_statfs(struct ext4_fs *es, struct linux_statfs *st)
{
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

int ext4_statfs(struct dentry *d, struct linux_statfs *st)
{
	return fs_statfs(ext4_es(d->inode), st);
}

const struct file_ops ext4_file_ops = {
	.read = ext4_read,
	.read_map = ext4_read_map,
	.write = ext4_write,
	.llseek = ext4_llseek,
	.mmap_fd = ext4_mmap_fd,
	.fsync = ext4_fsync,
	.fallocate = ext4_fallocate,
	.release = ext4_release,
};

const struct file_ops ext4_dir_ops = {
	.getdents = ext4_getdents,
	.llseek = ext4_llseek,
	.fsync = ext4_fsync,
	.release = ext4_dir_release,
};

const struct inode_ops ext4_iops = {
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
	return fs_statfs(sb->priv, st);
}

/*
 * The commit's question (blockdev_set_fresh): do the blocks of page idx lie
 * free in the last committed block bitmap? Then no committed metadata refers
 * to them, and the page may reach the image before the commit's log.
 */
static bool page_fresh(void *arg, uint64_t idx)
{
	struct ext4_fs *es = arg;
	ext2_filsys fs = es->fs;
	uint64_t per = BD_PAGE / fs->blocksize, i;

	if (!es->committed || fs->blocksize > BD_PAGE)
		return false;
	for (i = 0; i < per; i++) {
		blk64_t b = idx * per + i;

		if (b < fs->super->s_first_data_block || b >= ext2fs_blocks_count(fs->super) ||
		    ext2fs_test_block_bitmap2(es->committed, b))
			return false;
	}
	return true;
}

/* A commit is complete: its block bitmap is now the committed one. */
static void snapshot_committed(void *arg)
{
	struct ext4_fs *es = arg;
	ext2fs_block_bitmap copy;

	if (es->committed) {
		ext2fs_free_block_bitmap(es->committed);
		es->committed = NULL; /* until a copy exists, every page is logged */
	}
	if (ext2fs_copy_bitmap(es->fs->block_map, &copy) == 0)
		es->committed = copy;
}

struct dentry *ext4_mount(struct blockdev *bd, bool ro, struct super_block **sb_out, char *err, size_t errlen)
{
	struct ext4_fs *es = kzalloc(sizeof(*es));
	char name[64];
	struct inode *root;
	errcode_t x;
	int flags = EXT2_FLAG_64BITS | EXT2_FLAG_MASTER_SB_ONLY | (ro ? 0 : EXT2_FLAG_RW);

	initialize_ext2_error_table();
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
	if (!ro) {
		snapshot_committed(es); /* what was read is what is committed (the log was replayed) */
		blockdev_set_fresh(bd, page_fresh, snapshot_committed, es);
	}
	es->sb = kzalloc(sizeof(*es->sb));
	es->sb->fstype = ext2fs_has_feature_journal(es->fs->super) ?
				 (ext2fs_has_feature_extents(es->fs->super) ? "ext4" : "ext3") :
				 (ext2fs_has_feature_extents(es->fs->super) ? "ext4" : "ext2");
	es->sb->dev = vfs_new_dev();
	es->sb->priv = es;
	es->sb->statfs = sb_statfs;
	es->timer.fn = commit_timer;
	es->timer.arg = es;
	root = ext4_iget(es, EXT2_ROOT_INO);
	if (IS_ERR(root)) {
		ksnprintf(err, errlen, "cannot read the root directory");
		goto fail;
	}
	list_add_tail(&es->link, &all_fs);
	*sb_out = es->sb;
	return dentry_new(NULL, "/", root);
fail:
	if (es->committed)
		ext2fs_free_block_bitmap(es->committed);
	blockdev_set_fresh(bd, NULL, NULL, NULL);
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
