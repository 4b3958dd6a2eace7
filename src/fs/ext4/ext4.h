/* SPDX-License-Identifier: MIT */
/* ext2/3/4 disk images as ukern filesystems (libext2fs over fs/ext4/blockdev). */
#ifndef FS_EXT4_EXT4_H
#define FS_EXT4_EXT4_H
#include <stdbool.h>
#include <stddef.h>

struct blockdev;
struct dentry;
struct super_block;

/* Mounts the filesystem on bd; NULL with a message in err for a bad image. */
struct dentry *ext4_mount(struct blockdev *bd, bool ro, struct super_block **sb_out, char *err, size_t errlen);
/* Commits every image (sync(2)), one image (syncfs(2)); 0 or -errno. */
int ext4_sync_all(void);
int ext4_sync_sb(struct super_block *sb);
/* The last commit of every image, at exit. */
void ext4_shutdown(void);

#endif
