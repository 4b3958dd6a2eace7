/* SPDX-License-Identifier: MIT */
/* /dev: a tmpfs populated with ukern's emulated devices, opened by device number. */
#ifndef FS_DEVFS_DEVFS_H
#define FS_DEVFS_DEVFS_H

struct dentry;
struct super_block;

struct dentry *devfs_mount(struct super_block **sb_out);

#endif
