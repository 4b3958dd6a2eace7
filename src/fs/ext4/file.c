/* SPDX-License-Identifier: MIT */
/*
 * ext4 images: open files and directories, and extended attributes. Reads
 * and writes go through libext2fs's file API (and so our page cache); a
 * mapped file's memfd is the one copy while it exists (ext4fs.c explains).
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

/* ---- Extended attributes ---- */

static int xopen(struct dentry *d, struct ext2_xattr_handle **h)
{
	struct ext4_fs *es = ext4_es(d->inode);
	errcode_t x;

	if (!ext2fs_has_feature_xattr(es->fs->super))
		return -EOPNOTSUPP;
	x = ext2fs_xattrs_open(es->fs, ext4_ino(d), h);
	if (!x)
		x = ext2fs_xattrs_read(*h);
	if (x && *h)
		ext2fs_xattrs_close(h);
	return ext4_err(x);
}

long ext4_getxattr(struct dentry *d, const char *name, void *buf, size_t n)
{
	struct ext2_xattr_handle *h = NULL;
	void *val;
	size_t len;
	long r = xopen(d, &h);

	if (r < 0)
		return r;
	r = ext4_err(ext2fs_xattr_get(h, name, &val, &len));
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

int ext4_setxattr(struct dentry *d, const char *name, const void *val, size_t n, int flags)
{
	struct ext4_fs *es = ext4_es(d->inode);
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
		r = ext4_err(ext2fs_xattr_set(h, name, val, n));
	ext2fs_xattrs_close(&h);
	if (r == 0)
		ext4_changed(es);
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

long ext4_listxattr(struct dentry *d, char *buf, size_t n)
{
	struct ext2_xattr_handle *h = NULL;
	struct xlist l = { buf, n, 0 };
	long r = xopen(d, &h);

	if (r == -EOPNOTSUPP)
		return 0;
	if (r < 0)
		return r;
	r = ext4_err(ext2fs_xattrs_iterate(h, xlist_cb, &l));
	ext2fs_xattrs_close(&h);
	if (r < 0)
		return r;
	return n && l.used > n ? -ERANGE : (long)l.used;
}

int ext4_removexattr(struct dentry *d, const char *name)
{
	struct ext4_fs *es = ext4_es(d->inode);
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
		r = ext4_err(ext2fs_xattr_remove(h, name));
	}
	ext2fs_xattrs_close(&h);
	if (r == 0)
		ext4_changed(es);
	return r;
}

/* ---- Open files ---- */

int ext4_open(struct dentry *d, struct file *f, int flags)
{
	struct enode *e = ext4_en(d->inode);

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
	r = ext4_set_size(es, e, st.st_size);
	if (r < 0)
		return r;
	buf = kmalloc(1 << 20);
	{
		ext2_file_t file;
		errcode_t x = ext2fs_file_open2(es->fs, e->ino, NULL, EXT2_FILE_WRITE, &file);

		if (x) {
			kfree(buf);
			return ext4_err(x);
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
			r = ext4_err(x);
			off += n;
		}
		x = ext2fs_file_close(file);
		if (!r)
			r = ext4_err(x);
	}
	kfree(buf);
	if (r == 0)
		e->memfd_dirty = false;
	ext4_changed(es);
	return r;
}

void ext4_release(struct file *f)
{
	struct enode *e = ext4_en(f->inode);

	if (--e->opens == 0)
		writeback(e);
}

/* Reads at least this big take the extent path (smaller ones gain nothing from it). */
#define BIG_READ (16 * 1024)

/*
 * Opens the extent tree of an extent-mapped inode (in) at byte cur: *have
 * says whether *ex holds an extent (the one at cur, or one before it, or the
 * first: seek_extent moves on). Returns 0 or -errno.
 */
static int open_extents(struct ext4_fs *es, struct enode *e, struct ext2_inode_large *in, uint64_t cur,
			ext2_extent_handle_t *h, struct ext2fs_extent *ex, bool *have)
{
	errcode_t x = ext2fs_extent_open2(es->fs, e->ino, (struct ext2_inode *)in, h);

	if (x)
		return ext4_err(x);
	x = ext2fs_extent_goto2(*h, 0, cur / es->fs->blocksize);
	if (x && x != EXT2_ET_EXTENT_NOT_FOUND) {
		ext2fs_extent_free(*h);
		return ext4_err(x);
	}
	/* An empty extent tree has no current extent: all of it is a hole. */
	*have = !ext2fs_extent_get(*h, EXT2_EXTENT_CURRENT, ex);
	return 0;
}

/* Moves *ex past the extents that end at or before byte cur; none left (!*have): a hole to the end. */
static int seek_extent(ext2_extent_handle_t h, uint64_t bs, uint64_t cur, struct ext2fs_extent *ex, bool *have)
{
	while (*have && (ex->e_lblk + ex->e_len) * bs <= cur) {
		errcode_t x = ext2fs_extent_get(h, EXT2_EXTENT_NEXT_LEAF, ex);

		*have = !x;
		if (x && x != EXT2_ET_EXTENT_NO_NEXT)
			return ext4_err(x);
	}
	return 0;
}

/* After seek_extent: is byte cur in a hole (before *ex, or past the last extent)? */
static bool in_hole(const struct ext2fs_extent *ex, bool have, uint64_t bs, uint64_t cur)
{
	return !have || ex->e_lblk * bs > cur;
}

/* Is byte cur in a hole or an unwritten extent, which read as zeros, rather than in *ex's data? */
static bool reads_zero(const struct ext2fs_extent *ex, bool have, uint64_t bs, uint64_t cur)
{
	return in_hole(ex, have, bs, cur) || (ex->e_flags & EXT2_EXTENT_FLAGS_UNINIT);
}

/* Where the stretch at byte cur ends (at most end): the hole's at the next extent, else *ex's. */
static uint64_t piece_end(const struct ext2fs_extent *ex, bool have, uint64_t bs, uint64_t cur, uint64_t end)
{
	if (in_hole(ex, have, bs, cur))
		return have ? MIN(end, ex->e_lblk * bs) : end;
	return MIN(end, (ex->e_lblk + ex->e_len) * bs);
}

/* The device byte that holds file byte cur of extent *ex. */
static uint64_t dev_off(const struct ext2fs_extent *ex, uint64_t bs, uint64_t cur)
{
	return ex->e_pblk * bs + (cur - ex->e_lblk * bs);
}

void ext4_extent_cache_drop(struct enode *e)
{
	if (e->xh)
		ext2fs_extent_free(e->xh);
	e->xh = NULL;
	e->xc_have = false;
}

/*
 * The extent at byte cur, or the next one after it (*ex and *have as
 * seek_extent leaves them), from e's kept walk of its tree while nothing was
 * written to the device since (xh_gen) and cur lies in the extent the walk is
 * at or just past its end: big reads come back for the same or the next
 * extent, and opening the tree again costs 5 us a call. Anywhere else the
 * tree is opened at cur, which finds it without stepping through the extents
 * in between.
 */
static int extent_at(struct ext4_fs *es, struct enode *e, struct ext2_inode_large *in, uint64_t cur,
		     struct ext2fs_extent *ex, bool *have)
{
	uint64_t bs = es->fs->blocksize;
	ext2_extent_handle_t h;
	int r;

	if (e->xh && e->xh_gen == blockdev_generation(es->bd) && e->xc_have && e->xc.e_lblk * bs <= cur &&
	    cur <= (e->xc.e_lblk + e->xc.e_len) * bs) {
		*ex = e->xc;
		*have = true;
	} else {
		ext4_extent_cache_drop(e);
		r = open_extents(es, e, in, cur, &h, ex, have);
		if (r < 0)
			return r;
		e->xh = h;
		e->xh_gen = blockdev_generation(es->bd);
	}
	r = seek_extent(e->xh, bs, cur, ex, have);
	if (r < 0) {
		ext4_extent_cache_drop(e);
		return r;
	}
	e->xc = *ex;
	e->xc_have = *have;
	return 0;
}

/*
 * A read of an extent-mapped file without libext2fs's block-at-a-time path:
 * the extents give where each stretch lives, and each is one blockdev_read
 * (cached pages from the cache, the rest straight from the host file).
 * Holes and unwritten extents read as zeros. Returns bytes read or -errno;
 * -EAGAIN when the file is not extent-mapped (the caller falls back).
 */
static long read_extents(struct ext4_fs *es, struct enode *e, char *buf, size_t n, int64_t pos)
{
	uint64_t bs = es->fs->blocksize, size, cur, end;
	struct ext2_inode_large in;
	struct ext2fs_extent ex;
	bool have;
	int r = ext4_rd(es, e->ino, &in);

	if (r < 0)
		return r;
	if (!(in.i_flags & EXT4_EXTENTS_FL) || (in.i_flags & EXT4_INLINE_DATA_FL))
		return -EAGAIN;
	size = EXT2_I_SIZE(&in);
	if ((uint64_t)pos >= size)
		return 0;
	cur = (uint64_t)pos;
	end = MIN(size, cur + n);
	while (cur < end) {
		uint64_t stop;

		r = extent_at(es, e, &in, cur, &ex, &have);
		if (r < 0)
			break;
		stop = piece_end(&ex, have, bs, cur, end);
		if (reads_zero(&ex, have, bs, cur))
			memset(buf + (cur - (uint64_t)pos), 0, stop - cur);
		else if ((r = blockdev_read(es->bd, dev_off(&ex, bs, cur), buf + (cur - (uint64_t)pos), stop - cur)) < 0)
			break;
		cur = stop;
	}
	if (r < 0)
		return r;
	return (long)(end - (uint64_t)pos);
}

/*
 * Where the bytes at pos live (file_ops.read_map): the memfd of a mapped
 * file; else, in an extent, the image's (or overlay's) own bytes as far as
 * no dirty cached page covers them (a device: the image holds every file's
 * blocks). Holes, unwritten extents, dirty pages
 * and files that are not extent-mapped go through ext4_read.
 */
long ext4_read_map(struct file *f, int64_t pos, size_t n, int *hostfd, int64_t *hostoff, bool *device)
{
	struct enode *e = ext4_en(f->inode);
	struct ext4_fs *es = e->es;
	uint64_t bs = es->fs->blocksize, cur = (uint64_t)pos, end, stop;
	struct ext2_inode_large in;
	struct ext2fs_extent ex;
	bool have;
	long r;

	*hostfd = -1;
	*device = false;
	if (e->memfd >= 0) {
		*hostfd = e->memfd;
		*hostoff = pos;
		return (long)MIN(n, (size_t)0x7ffff000);
	}
	r = ext4_rd(es, e->ino, &in);
	if (r < 0)
		return r;
	if (cur >= EXT2_I_SIZE(&in))
		return 0;
	end = MIN(EXT2_I_SIZE(&in), cur + MIN(n, (size_t)0x7ffff000));
	if (!(in.i_flags & EXT4_EXTENTS_FL) || (in.i_flags & EXT4_INLINE_DATA_FL))
		return (long)(end - cur);
	r = extent_at(es, e, &in, cur, &ex, &have);
	if (r < 0)
		return r;
	stop = piece_end(&ex, have, bs, cur, end);
	if (reads_zero(&ex, have, bs, cur))
		return (long)(stop - cur);
	*device = true;
	return (long)blockdev_host_range(es->bd, dev_off(&ex, bs, cur), stop - cur, hostfd, hostoff);
}

long ext4_read(struct file *f, void *buf, size_t n, int64_t *pos)
{
	struct enode *e = ext4_en(f->inode);
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
	n = MIN(n, (size_t)0x7ffff000);
	if (n >= BIG_READ) {
		long r = read_extents(es, e, buf, n, *pos);

		if (r != -EAGAIN) {
			if (r > 0)
				*pos += r;
			return r;
		}
	}
	x = ext2fs_file_open2(es->fs, e->ino, NULL, 0, &file);
	if (x)
		return ext4_err(x);
	x = ext2fs_file_llseek(file, (uint64_t)*pos, EXT2_SEEK_SET, NULL);
	if (!x)
		x = ext2fs_file_read(file, buf, (unsigned)n, &got);
	ext2fs_file_close(file);
	if (x)
		return ext4_err(x);
	*pos += got;
	return got;
}

/* Block-aligned writes at least this big take the extent path. */
#define BIG_WRITE (64 * 1024)
/* Free blocks it leaves for the extent tree's own growth. */
#define FALLOC_SLACK 1024

/*
 * A block-aligned write of whole blocks (len bytes at pos) without
 * libext2fs's block-at-a-time path, for the two common cases: every block
 * already mapped and initialized (an overwrite), or every block a hole (an
 * append, or filling a sparse file), which one ext2fs_fallocate maps as
 * initialized extents. The data then goes to the extents' blocks in big runs
 * through the page cache; as every block is overwritten whole, none shows
 * what the disk held before. A commit writes fresh blocks in place before
 * its log (ordered data). Returns len, -EAGAIN for anything else (mixed
 * ranges, unwritten extents, no space: the caller's slow path copes), or
 * -errno.
 */
static long write_extents(struct ext4_fs *es, struct enode *e, struct ext2_inode_large *in, const char *buf,
			  size_t len, int64_t pos)
{
	uint64_t bs = es->fs->blocksize, cur, end = (uint64_t)pos + len;
	ext2_extent_handle_t h;
	struct ext2fs_extent ex;
	bool have, mapped = false, hole = false;
	errcode_t x;
	int r;

	for (int pass = 0; pass < 2; pass++) {
		r = open_extents(es, e, in, (uint64_t)pos, &h, &ex, &have);
		if (r < 0)
			return r;
		for (cur = (uint64_t)pos; cur < end && r == 0;) {
			uint64_t stop;

			r = seek_extent(h, bs, cur, &ex, &have);
			if (r < 0)
				break;
			stop = piece_end(&ex, have, bs, cur, end);
			if (in_hole(&ex, have, bs, cur)) {
				hole = true;
				cur = stop;
				if (pass)
					r = -EIO; /* fallocate left a hole */
				continue;
			}
			if (ex.e_flags & EXT2_EXTENT_FLAGS_UNINIT) {
				r = pass ? -EIO : -EAGAIN;
				break;
			}
			mapped = true;
			if (pass)
				r = blockdev_write(es->bd, dev_off(&ex, bs, cur), buf + (cur - (uint64_t)pos), stop - cur);
			cur = stop;
		}
		ext2fs_extent_free(h);
		if (r < 0)
			return r;
		if (pass == 0) {
			if (mapped && hole)
				return -EAGAIN;
			if (hole) {
				uint64_t lblk = (uint64_t)pos / bs, nb = len / bs;

				/*
				 * Near a full disk the slow path writes what fits: a
				 * fallocate that fails half way may leave blocks behind.
				 */
				if (ext2fs_free_blocks_count(es->fs->super) < nb + FALLOC_SLACK)
					return -EAGAIN;
				x = ext2fs_fallocate(es->fs, EXT2_FALLOCATE_FORCE_INIT, e->ino, (struct ext2_inode *)in,
						     ~0ULL, lblk, nb);
				r = ext4_wr(es, e->ino, in);
				if (x || r < 0) {
					/* The range was all hole: punching it back leaves the file as it was. */
					ext2fs_punch(es->fs, e->ino, (struct ext2_inode *)in, NULL, lblk, lblk + nb - 1);
					return -EAGAIN;
				}
			}
		}
	}
	if (end > EXT2_I_SIZE(in)) {
		r = ext4_err(ext2fs_inode_size_set(es->fs, (struct ext2_inode *)in, end));
		if (r == 0)
			r = ext4_wr(es, e->ino, in);
		if (r < 0)
			return r;
	}
	return (long)len;
}

long ext4_write(struct file *f, const void *buf, size_t n, int64_t *pos)
{
	struct enode *e = ext4_en(f->inode);
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
	r = ext4_rd(es, e->ino, &in);
	if (r < 0)
		return r;
	if (f->flags & LINUX_O_APPEND)
		*pos = (int64_t)EXT2_I_SIZE(&in);
	if (n >= BIG_WRITE && (uint64_t)*pos % es->fs->blocksize == 0 && (in.i_flags & EXT4_EXTENTS_FL) &&
	    !(in.i_flags & EXT4_INLINE_DATA_FL)) {
		long w = write_extents(es, e, &in, buf, n / es->fs->blocksize * es->fs->blocksize, *pos);

		if (w < 0 && w != -EAGAIN)
			return w;
		if (w > 0)
			done = (unsigned)w;
	}
	x = 0;
	if (done < n) {
		/* The rest (or all): libext2fs's own path. */
		x = ext2fs_file_open2(es->fs, e->ino, NULL, EXT2_FILE_WRITE, &file);
		if (x && !done)
			return ext4_err(x);
		if (!x) {
			unsigned more = 0;

			x = ext2fs_file_llseek(file, (uint64_t)*pos + done, EXT2_SEEK_SET, NULL);
			if (!x)
				x = ext2fs_file_write(file, (const char *)buf + done, (unsigned)(n - done), &more);
			cx = ext2fs_file_close(file);
			if (!x)
				x = cx;
			done += more;
		}
	}
	if (done && ext4_rd(es, e->ino, &in) == 0) {
		TOUCH(es, &in, m);
		TOUCH(es, &in, c);
		in.i_mode &= (uint16_t)~(S_ISUID_ | ((in.i_mode & 010) ? S_ISGID_ : 0)); /* Linux file_remove_privs */
		ext4_wr(es, e->ino, &in);
	}
	if (done || x)
		ext4_changed(es);
	if (x && !done)
		return ext4_err(x);
	*pos += done;
	return done;
}

int64_t ext4_llseek(struct file *f, int64_t off, int whence)
{
	struct enode *e = ext4_en(f->inode);
	struct ext4_fs *es = e->es;
	int64_t size, base;
	int r;

	if (f->ops == &ext4_dir_ops) {
		if (whence != LINUX_SEEK_SET || off < 0)
			return -EINVAL;
		f->pos = off;
		return off;
	}
	{
		struct ext2_inode_large in;

		r = ext4_rd(es, e->ino, &in);
		if (r < 0)
			return r;
		size = ext4_isize(e, &in);
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
				return ext4_err(x);
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

int ext4_sync_fs(struct ext4_fs *es)
{
	struct enode *e;
	errcode_t x;
	size_t i;

	if (es->ro)
		return 0;
	for (i = 0; i < NHASH; i++)
		for (e = es->hash[i]; e; e = e->hnext)
			writeback(e);
	timer_cancel(&es->timer);
	/* ext2fs_flush writes the superblock, group descriptors and bitmaps, then flushes the channel: the commit. */
	x = ext2fs_flush2(es->fs, 0);
	return ext4_err(x);
}

int ext4_fsync(struct file *f, int datasync)
{
	(void)datasync;
	return ext4_sync_fs(ext4_en(f->inode)->es);
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
	r = ext4_rd(es, e->ino, &in);
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
			return ext4_err(x);
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
			return ext4_err(x);
	}
	if (first < last) {
		r = ext4_rd(es, e->ino, &in);
		if (r < 0)
			return r;
		r = ext4_err(ext2fs_punch(es->fs, e->ino, (struct ext2_inode *)&in, NULL, first, last - 1));
		if (r < 0)
			return r;
	}
	ext4_changed(es);
	return 0;
}

int ext4_fallocate(struct file *f, int mode, int64_t off, int64_t len)
{
	struct enode *e = ext4_en(f->inode);
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
	r = ext4_rd(es, e->ino, &in);
	if (r < 0)
		return r;
	x = ext2fs_fallocate(es->fs, EXT2_FALLOCATE_INIT_BEYOND_EOF, e->ino, (struct ext2_inode *)&in, ~0ULL,
			     (uint64_t)off / es->fs->blocksize,
			     ((uint64_t)(off + len) + es->fs->blocksize - 1) / es->fs->blocksize -
				     (uint64_t)off / es->fs->blocksize);
	if (x)
		return ext4_err(x);
	r = ext4_rd(es, e->ino, &in);
	if (r == 0 && !(mode & 1) && (uint64_t)(off + len) > EXT2_I_SIZE(&in)) {
		r = ext4_err(ext2fs_inode_size_set(es->fs, (struct ext2_inode *)&in, (uint64_t)(off + len)));
		if (r == 0)
			r = ext4_wr(es, e->ino, &in);
	}
	ext4_changed(es);
	return r;
}

/* mmap: the file's contents in a memfd, the one copy while it exists. */
int ext4_mmap_fd(struct file *f)
{
	struct enode *e = ext4_en(f->inode);
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
			return ext4_err(x);
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

long ext4_getdents(struct file *f, void *buf, size_t n)
{
	struct enode *e = ext4_en(f->inode);
	struct dctx c = { buf, n, 0, 0, f->pos, false };
	errcode_t x = ext2fs_dir_iterate2(e->es->fs, e->ino, 0, NULL, getdents_cb, &c);

	if (x)
		return ext4_err(x);
	if (c.full && !c.used)
		return -EINVAL;
	f->pos = c.idx;
	return (long)c.used;
}

void ext4_dir_release(struct file *f)
{
	ext4_en(f->inode)->opens--;
}

