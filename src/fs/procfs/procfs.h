/* SPDX-License-Identifier: MIT */
/* procfs: the guest's /proc, generated from ukern's own tasks, mm and mounts. */
#ifndef FS_PROCFS_PROCFS_H
#define FS_PROCFS_PROCFS_H

struct dentry;
struct super_block;

struct dentry *procfs_mount(struct super_block **sb_out);

#endif
