/* SPDX-License-Identifier: MIT */
/* Shared by the ext4 filesystem's files (ext4fs.c: inodes and mounting, namei.c: names, file.c: data). */
#ifndef FS_EXT4_INTERNAL_H
#define FS_EXT4_INTERNAL_H
#include <ext2fs/ext2fs.h>
#include "abi/stat.h"
#include "fs/vfs/vfs.h"
#include "kernel/kernel.h"

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
	/*
	 * read_map's walk of the extent tree, kept while the device's generation
	 * stays xh_gen (nothing written since): its handle, and the extent it is
	 * at (xc, if xc_have).
	 */
	ext2_extent_handle_t xh;
	uint64_t xh_gen;
	bool xc_have;
	struct ext2fs_extent xc;
};

struct ext4_fs {
	ext2_filsys fs;
	struct blockdev *bd;
	struct super_block *sb;
	bool ro;
	struct enode *hash[NHASH];
	struct ktimer timer;
	struct list_head link;
	ext2fs_block_bitmap committed; /* the block bitmap as of the last commit (NULL: unknown) */
};

extern const struct inode_ops ext4_iops;
extern const struct file_ops ext4_file_ops, ext4_dir_ops;

/* Helpers (ext4fs.c). */
int ext4_err(errcode_t e);
struct enode *ext4_en(struct inode *i);
struct ext4_fs *ext4_es(struct inode *i);
int ext4_rd(struct ext4_fs *es, ext2_ino_t ino, struct ext2_inode_large *in);
int ext4_wr(struct ext4_fs *es, ext2_ino_t ino, struct ext2_inode_large *in);
bool ext4_has_extra(struct ext4_fs *es, struct ext2_inode_large *in);
struct linux_timespec ext4_xtime(struct ext4_fs *es, struct ext2_inode_large *in, uint32_t sec, uint32_t extra);
void ext4_set_xtime(struct ext4_fs *es, struct ext2_inode_large *in, uint32_t *sec, uint32_t *extra,
		      struct linux_timespec ts);
struct linux_timespec ext4_now(void);
uint32_t ext4_uid(struct ext2_inode_large *in);
uint32_t ext4_gid(struct ext2_inode_large *in);
void ext4_set_owner(struct ext2_inode_large *in, uint32_t uid, uint32_t gid);
struct inode *ext4_iget(struct ext4_fs *es, ext2_ino_t ino);
ext2_ino_t ext4_ino(struct dentry *d);
void ext4_changed(struct ext4_fs *es);
int ext4_set_size(struct ext4_fs *es, struct enode *e, int64_t size);
int ext4_sync_fs(struct ext4_fs *es);
/* Hash-indexed directories (htree.c): 0, -ENOENT, or -EAGAIN for "use the linear path". */
int ext4_dx_lookup(struct ext4_fs *es, ext2_ino_t dir, const char *name, ext2_ino_t *ino);
/* Indexes a full linear directory (one block bigger). 0, -errno, or -EAGAIN: grow it linearly. */
int ext4_dx_build(struct ext4_fs *es, ext2_ino_t dir);
/* Removes name (pointing at ino, or any when 0) found through the index: 0, -ENOENT, -EAGAIN. */
int ext4_dx_unlink(struct ext4_fs *es, ext2_ino_t dir, const char *name, ext2_ino_t ino);
/* Points dir's ".." at parent in place (an indexed root keeps its index); -EAGAIN for inline dirs. */
int ext4_set_dotdot(struct ext4_fs *es, ext2_ino_t dir, ext2_ino_t parent);
#define TOUCH(es, in, which) \
	ext4_set_xtime(es, in, &(in)->i_##which##time, &(in)->i_##which##time_extra, ext4_now())

int64_t ext4_isize(struct enode *e, struct ext2_inode_large *in);

/* Inode operations (ext4fs.c, namei.c, file.c). */
int ext4_getattr(struct dentry *d, struct linux_stat *st);
int ext4_setattr(struct dentry *d, const struct iattr *ia);
int ext4_statfs(struct dentry *d, struct linux_statfs *st);
struct inode *ext4_lookup(struct inode *dir, const char *name);
int ext4_create(struct dentry *dir, const char *name, uint32_t mode);
int ext4_mkdir(struct dentry *dir, const char *name, uint32_t mode);
int ext4_mknod(struct dentry *dir, const char *name, uint32_t mode, uint64_t dev);
int ext4_symlink(struct dentry *dir, const char *name, const char *target);
int ext4_link(struct dentry *old, struct dentry *dir, const char *name);
int ext4_unlink(struct dentry *dir, struct dentry *d);
int ext4_rmdir(struct dentry *dir, struct dentry *d);
int ext4_rename(struct dentry *olddir, struct dentry *old, struct dentry *newdir, const char *newname,
		       struct dentry *target, unsigned flags);
long ext4_readlink(struct dentry *d, char *buf, size_t n);
int ext4_open(struct dentry *d, struct file *f, int flags);
long ext4_getxattr(struct dentry *d, const char *name, void *buf, size_t n);
int ext4_setxattr(struct dentry *d, const char *name, const void *val, size_t n, int flags);
long ext4_listxattr(struct dentry *d, char *buf, size_t n);
int ext4_removexattr(struct dentry *d, const char *name);

/* File operations (file.c). */
long ext4_read(struct file *f, void *buf, size_t n, int64_t *pos);
/* Frees read_map's kept walk of e's extent tree. */
void ext4_extent_cache_drop(struct enode *e);
long ext4_read_map(struct file *f, int64_t pos, size_t n, int *hostfd, int64_t *hostoff, bool *device);
long ext4_write(struct file *f, const void *buf, size_t n, int64_t *pos);
int64_t ext4_llseek(struct file *f, int64_t off, int whence);
int ext4_mmap_fd(struct file *f);
int ext4_fsync(struct file *f, int datasync);
int ext4_fallocate(struct file *f, int mode, int64_t off, int64_t len);
void ext4_release(struct file *f);
long ext4_getdents(struct file *f, void *buf, size_t n);
void ext4_dir_release(struct file *f);

#endif
