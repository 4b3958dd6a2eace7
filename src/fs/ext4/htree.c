/* SPDX-License-Identifier: MIT */
/*
 * Hash-indexed directories (ext4's htree, "dir_index"). libext2fs adds and
 * removes names in an indexed directory, but it neither looks names up
 * through the index nor indexes a directory: both are here.
 *
 * - ext4_dx_lookup: the index from the root block down to one leaf block
 *   (then the next ones while a hash collision continues), as Linux's
 *   dx_probe and ext4_htree_next_block do.
 * - ext4_dx_build: when a linear directory is full, its names are hashed,
 *   sorted and written as leaf blocks under a new root block, as Linux's
 *   make_indexed_dir does for a one-block directory and e2fsck -D for any.
 *
 * Anything unexpected (a hash we do not know, casefolding, a malformed
 * block) returns -EAGAIN and the caller takes libext2fs's linear path.
 */
#include <string.h>
#include <ext2fs/ext2fs.h>
#include "abi/errno.h"
#include "fs/ext4/internal.h"
#include "lib/kstd.h"

#define ROOT_INFO_OFF 24 /* after "." (12 bytes) and the head of ".." (12) */
#define ROOT_ENTRIES_OFF 32
#define NODE_ENTRIES_OFF 8 /* after a fake empty dirent spanning the block */

static unsigned dx_tail_size(ext2_filsys fs)
{
	return ext2fs_has_feature_metadata_csum(fs->super) ? sizeof(struct ext2_dx_tail) : 0;
}

static unsigned leaf_tail_size(ext2_filsys fs)
{
	return ext2fs_has_feature_metadata_csum(fs->super) ? sizeof(struct ext2_dir_entry_tail) : 0;
}

/* The hash Linux uses for a root's hash_version (the unsigned variants when the superblock says so). */
static int dx_hash(ext2_filsys fs, int version, const char *name, int len, ext2_dirhash_t *hash,
		   ext2_dirhash_t *minor)
{
	if (version > EXT2_HASH_TEA)
		return -EAGAIN; /* siphash needs casefolding's key: not ours to do */
	if (fs->super->s_flags & EXT2_FLAGS_UNSIGNED_HASH)
		version += 3;
	if (ext2fs_dirhash2(version, name, len, NULL, 0, fs->super->s_hash_seed, hash, minor))
		return -EAGAIN;
	return 0;
}

/* Reads logical block lblk of directory ino. */
static int dir_block(ext2_filsys fs, ext2_ino_t ino, struct ext2_inode_large *in, blk64_t lblk, char *buf)
{
	blk64_t pblk = 0;

	if (ext2fs_bmap2(fs, ino, (struct ext2_inode *)in, NULL, 0, lblk, NULL, &pblk) || !pblk)
		return -EAGAIN;
	return io_channel_read_blk64(fs->io, pblk, 1, buf) ? -EIO : 0;
}

/* The index entries of a node block: count and limit checked against the block. */
static struct ext2_dx_entry *node_entries(ext2_filsys fs, char *buf, unsigned off, unsigned *count)
{
	struct ext2_dx_countlimit *cl = (struct ext2_dx_countlimit *)(buf + off);
	unsigned limit = (fs->blocksize - off - dx_tail_size(fs)) / sizeof(struct ext2_dx_entry);

	if (cl->limit != limit || cl->count == 0 || cl->count > limit)
		return NULL;
	*count = cl->count;
	return (struct ext2_dx_entry *)(buf + off);
}

/*
 * Looks name up in one leaf block: 1 found (*ino, and the offsets of the
 * entry and of the one before it, or -1, in at[0] and at[1]), 0 not there,
 * -EAGAIN malformed.
 */
static int leaf_find(ext2_filsys fs, const char *buf, const char *name, int len, ext2_ino_t *ino, int at[2])
{
	unsigned off = 0;
	int prev = -1;

	while (off + 8 <= fs->blocksize) {
		struct ext2_dir_entry *d = (struct ext2_dir_entry *)(buf + off);
		unsigned rec;

		if (ext2fs_get_rec_len(fs, d, &rec) || rec < 8 || rec % 4 || off + rec > fs->blocksize ||
		    (unsigned)ext2fs_dirent_name_len(d) + 8 > rec)
			return -EAGAIN;
		if (d->inode && ext2fs_dirent_name_len(d) == len && !memcmp(d->name, name, (size_t)len)) {
			*ino = d->inode;
			at[0] = (int)off;
			at[1] = prev;
			return 1;
		}
		prev = (int)off;
		off += rec;
	}
	return 0;
}

/*
 * Finds name through the index: 1 (*ino; the directory's inode in *in, the
 * leaf's logical block in *lblk, its contents in leaf and the entry's place
 * in it in at, as leaf_find), -ENOENT, or -EAGAIN (take the linear path).
 */
static int dx_find(struct ext4_fs *es, ext2_ino_t dir, const char *name, ext2_ino_t *ino,
		   struct ext2_inode_large *in, blk64_t *lblk, char *leaf, int at[2])
{
	ext2_filsys fs = es->fs;
	struct ext2_dx_root_info *info;
	struct ext2_dx_entry *ent, *e;
	ext2_dirhash_t hash, minor;
	unsigned count = 0, levels, level, lo, hi;
	int len = (int)strlen(name), r;
	char *node;

	/* "." and ".." live in the root block, not in the leaves. */
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return -EAGAIN;
	if (!ext2fs_has_feature_dir_index(fs->super) || ext4_rd(es, dir, in) < 0 ||
	    !(in->i_flags & EXT2_INDEX_FL) || (in->i_flags & (EXT4_CASEFOLD_FL | EXT4_INLINE_DATA_FL)))
		return -EAGAIN;
	node = kmalloc(fs->blocksize);
	r = dir_block(fs, dir, in, 0, node);
	if (r < 0)
		goto out;
	r = -EAGAIN;
	info = (struct ext2_dx_root_info *)(node + ROOT_INFO_OFF);
	levels = info->indirect_levels;
	if (info->reserved_zero || info->info_length != 8 || levels >= ext2_dir_htree_level(fs) ||
	    dx_hash(fs, info->hash_version, name, len, &hash, &minor) < 0)
		goto out;
	ent = node_entries(fs, node, ROOT_ENTRIES_OFF, &count);
	for (level = 0;; level++) {
		if (!ent)
			goto out;
		/* The last entry whose hash is <= ours (entry 0 stands for hash 0). */
		lo = 1;
		hi = count;
		while (lo < hi) {
			unsigned mid = lo + (hi - lo) / 2;

			if (ent[mid].hash > hash)
				hi = mid;
			else
				lo = mid + 1;
		}
		e = &ent[lo - 1];
		if (level == levels)
			break;
		r = dir_block(fs, dir, in, e->block & EXT4_DX_BLOCK_MASK, node);
		if (r < 0)
			goto out;
		r = -EAGAIN;
		ent = node_entries(fs, node, NODE_ENTRIES_OFF, &count);
	}
	/* The leaf, then the next ones while they continue our hash (bit 0 set, same hash). */
	for (;;) {
		*lblk = e->block & EXT4_DX_BLOCK_MASK;
		r = dir_block(fs, dir, in, *lblk, leaf);
		if (r < 0)
			goto out;
		r = leaf_find(fs, leaf, name, len, ino, at);
		if (r != 0)
			goto out; /* found (1) or malformed (-EAGAIN) */
		if (e == &ent[count - 1]) {
			/* A chain may go on under the next index node: rare, and the linear path knows. */
			r = levels ? -EAGAIN : -ENOENT;
			goto out;
		}
		e++;
		if (!(e->hash & 1) || (e->hash & ~1U) != hash) {
			r = -ENOENT;
			goto out;
		}
	}
out:
	kfree(node);
	return r;
}

int ext4_dx_lookup(struct ext4_fs *es, ext2_ino_t dir, const char *name, ext2_ino_t *ino)
{
	struct ext2_inode_large in;
	char *leaf = kmalloc(es->fs->blocksize);
	blk64_t lblk;
	int at[2];
	int r = dx_find(es, dir, name, ino, &in, &lblk, leaf, at);

	kfree(leaf);
	return r == 1 ? 0 : r;
}

/* Writes logical block lblk of dir (checksums set by libext2fs). */
static int put_block(ext2_filsys fs, ext2_ino_t dir, struct ext2_inode_large *in, blk64_t lblk, char *buf)
{
	blk64_t pblk = 0;

	if (ext2fs_bmap2(fs, dir, (struct ext2_inode *)in, NULL, 0, lblk, NULL, &pblk) || !pblk)
		return -EIO;
	return ext4_err(ext2fs_write_dir_block4(fs, pblk, buf, 0, dir));
}

int ext4_dx_unlink(struct ext4_fs *es, ext2_ino_t dir, const char *name, ext2_ino_t ino)
{
	ext2_filsys fs = es->fs;
	struct ext2_inode_large in;
	char *leaf = kmalloc(fs->blocksize);
	ext2_ino_t found;
	blk64_t lblk;
	int at[2];
	int r = dx_find(es, dir, name, &found, &in, &lblk, leaf, at);

	if (r == 1 && ino && found != ino)
		r = -ENOENT; /* as ext2fs_unlink: the name must point at ino */
	if (r == 1) {
		/* The entry goes: into its predecessor's space, or emptied when it is the first. */
		struct ext2_dir_entry *d = (struct ext2_dir_entry *)(leaf + at[0]);
		unsigned rec, prec;

		if (at[1] >= 0) {
			struct ext2_dir_entry *prev = (struct ext2_dir_entry *)(leaf + at[1]);

			ext2fs_get_rec_len(fs, d, &rec);
			ext2fs_get_rec_len(fs, prev, &prec);
			ext2fs_set_rec_len(fs, prec + rec, prev);
		} else {
			d->inode = 0;
		}
		r = put_block(fs, dir, &in, lblk, leaf);
	}
	kfree(leaf);
	return r;
}

int ext4_set_dotdot(struct ext4_fs *es, ext2_ino_t dir, ext2_ino_t parent)
{
	ext2_filsys fs = es->fs;
	struct ext2_inode_large in;
	struct ext2_dir_entry *d;
	char *buf = kmalloc(fs->blocksize);
	unsigned rec;
	int r = ext4_rd(es, dir, &in);

	if (!r && (in.i_flags & EXT4_INLINE_DATA_FL))
		r = -EAGAIN; /* ".." lives in i_block: libext2fs's way */
	if (!r)
		r = dir_block(fs, dir, &in, 0, buf) < 0 ? -EIO : 0;
	d = (struct ext2_dir_entry *)buf;
	/* "." first, then "..": as every ext2/3/4 directory begins (e2fsck sees to it). */
	if (!r && (ext2fs_get_rec_len(fs, d, &rec) || rec < 12 || rec + 12 > fs->blocksize))
		r = -EIO;
	if (!r) {
		d = (struct ext2_dir_entry *)(buf + rec);
		if (ext2fs_dirent_name_len(d) != 2 || memcmp(d->name, "..", 2))
			r = -EIO;
	}
	if (!r) {
		d->inode = parent;
		r = put_block(fs, dir, &in, 0, buf);
	}
	kfree(buf);
	return r;
}

/* ---- Indexing a full linear directory ---- */

struct dx_name {
	ext2_dirhash_t hash, minor;
	ext2_ino_t ino;
	int type, len;
	char name[EXT2_NAME_LEN];
};

struct dx_collect {
	struct dx_name *v;
	size_t n, cap;
	ext2_ino_t parent;
	int version, err;
	ext2_filsys fs;
};

static int collect_cb(ext2_ino_t dir, int entry, struct ext2_dir_entry *d, int off, int bs, char *buf,
		      void *priv)
{
	struct dx_collect *c = priv;
	struct dx_name *e;

	(void)dir, (void)off, (void)bs, (void)buf;
	if (entry == DIRENT_DOT_FILE)
		return 0;
	if (entry == DIRENT_DOT_DOT_FILE) {
		c->parent = d->inode;
		return 0;
	}
	if (!d->inode)
		return 0;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 256;
		c->v = krealloc(c->v, c->cap * sizeof(*c->v));
	}
	e = &c->v[c->n++];
	e->ino = d->inode;
	e->len = ext2fs_dirent_name_len(d);
	e->type = ext2fs_dirent_file_type(d);
	memcpy(e->name, d->name, (size_t)e->len);
	if (dx_hash(c->fs, c->version, e->name, e->len, &e->hash, &e->minor) < 0) {
		c->err = -EAGAIN;
		return DIRENT_ABORT;
	}
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	const struct dx_name *x = a, *y = b;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	if (x->minor != y->minor)
		return x->minor < y->minor ? -1 : 1;
	return 0;
}

/* One dirent at buf+off of rec_len rec. */
static void put_dirent(ext2_filsys fs, char *buf, unsigned off, unsigned rec, ext2_ino_t ino, const char *name,
		       int len, int type)
{
	struct ext2_dir_entry *d = (struct ext2_dir_entry *)(buf + off);

	d->inode = ino;
	ext2fs_set_rec_len(fs, rec, d);
	d->name_len = 0;
	ext2fs_dirent_set_name_len(d, len);
	if (ext2fs_has_feature_filetype(fs->super))
		ext2fs_dirent_set_file_type(d, type);
	memcpy(d->name, name, (size_t)len);
}

int ext4_dx_build(struct ext4_fs *es, ext2_ino_t dir)
{
	ext2_filsys fs = es->fs;
	unsigned bs = fs->blocksize, cap = bs - leaf_tail_size(fs), limit, nleaves = 1, used = 0;
	struct dx_collect c = { .fs = fs };
	struct ext2_inode_large in;
	struct ext2_dx_countlimit *cl;
	struct ext2_dx_entry *ent;
	struct ext2_dx_root_info *info;
	uint64_t target;
	unsigned *first; /* index of the first name of each leaf */
	blk64_t nblocks;
	size_t i;
	char *buf;
	int r;

	if (!ext2fs_has_feature_dir_index(fs->super) || ext4_rd(es, dir, &in) < 0 ||
	    (in.i_flags & (EXT2_INDEX_FL | EXT4_CASEFOLD_FL | EXT4_INLINE_DATA_FL | EXT4_ENCRYPT_FL)))
		return -EAGAIN;
	c.version = fs->super->s_def_hash_version;
	if (ext2fs_dir_iterate2(fs, dir, 0, NULL, collect_cb, &c) || c.err || !c.parent || !c.n) {
		kfree(c.v);
		return -EAGAIN;
	}
	ksort(c.v, c.n, sizeof(*c.v), cmp_name);
	/* Leaves filled to about 3/4, as room for the names to come. */
	target = cap * 3 / 4;
	first = kmalloc((c.n + 1) * sizeof(*first));
	first[0] = 0;
	for (i = 0; i < c.n; i++) {
		unsigned rec = EXT2_DIR_REC_LEN(c.v[i].len);

		if (used && used + rec > target) {
			first[nleaves++] = (unsigned)i;
			used = 0;
		}
		used += rec;
	}
	first[nleaves] = (unsigned)c.n;
	limit = (bs - ROOT_ENTRIES_OFF - dx_tail_size(fs)) / sizeof(struct ext2_dx_entry);
	if (nleaves > limit) { /* needs two index levels: leave it linear */
		kfree(first);
		kfree(c.v);
		return -EAGAIN;
	}
	/* Exactly 1 + nleaves blocks: grow or shrink the directory to that. */
	nblocks = EXT2_I_SIZE(&in) / bs;
	r = 0;
	while (nblocks < 1 + nleaves && !r) {
		r = ext4_err(ext2fs_expand_dir(fs, dir));
		nblocks++;
	}
	if (!r && ext4_rd(es, dir, &in) == 0 && nblocks > 1 + nleaves) {
		r = ext4_err(ext2fs_punch(fs, dir, (struct ext2_inode *)&in, NULL, 1 + nleaves, ~0ULL));
		if (!r) {
			ext2fs_inode_size_set(fs, (struct ext2_inode *)&in, (uint64_t)(1 + nleaves) * bs);
			r = ext4_wr(es, dir, &in);
		}
	}
	if (!r)
		r = ext4_rd(es, dir, &in);
	buf = kmalloc(bs);
	/* The leaves: blocks 1..nleaves. */
	for (unsigned k = 0; k < nleaves && !r; k++) {
		unsigned off = 0;

		memset(buf, 0, bs);
		for (unsigned j = first[k]; j < first[k + 1]; j++) {
			struct dx_name *e = &c.v[j];
			unsigned rec = EXT2_DIR_REC_LEN(e->len);

			if (j + 1 == first[k + 1])
				rec = cap - off; /* the last name takes the rest */
			put_dirent(fs, buf, off, rec, e->ino, e->name, e->len, e->type);
			off += rec;
		}
		if (leaf_tail_size(fs))
			ext2fs_initialize_dirent_tail(fs, EXT2_DIRENT_TAIL(buf, bs));
		r = put_block(fs, dir, &in, 1 + k, buf);
	}
	/* The root: ".", ".." over the rest, the root info and the index. */
	if (!r) {
		memset(buf, 0, bs);
		put_dirent(fs, buf, 0, 12, dir, ".", 1, EXT2_FT_DIR);
		put_dirent(fs, buf, 12, bs - 12, c.parent, "..", 2, EXT2_FT_DIR);
		info = (struct ext2_dx_root_info *)(buf + ROOT_INFO_OFF);
		info->hash_version = (uint8_t)c.version;
		info->info_length = 8;
		info->indirect_levels = 0;
		cl = (struct ext2_dx_countlimit *)(buf + ROOT_ENTRIES_OFF);
		cl->limit = (uint16_t)limit;
		cl->count = (uint16_t)nleaves;
		ent = (struct ext2_dx_entry *)(buf + ROOT_ENTRIES_OFF);
		ent[0].block = 1;
		for (unsigned k = 1; k < nleaves; k++) {
			uint32_t h = c.v[first[k]].hash;

			/* A leaf that starts inside a run of equal hashes continues it: bit 0. */
			if (c.v[first[k] - 1].hash == h)
				h |= 1;
			ent[k].hash = h;
			ent[k].block = 1 + k;
		}
		r = put_block(fs, dir, &in, 0, buf);
	}
	if (!r) {
		in.i_flags |= EXT2_INDEX_FL;
		r = ext4_wr(es, dir, &in);
	}
	kfree(buf);
	kfree(first);
	kfree(c.v);
	return r;
}
