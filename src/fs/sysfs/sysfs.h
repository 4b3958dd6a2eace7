/* SPDX-License-Identifier: MIT */
/* /sys: the few files userlands read (CPU lists for nproc and Python), read-only. */
#ifndef FS_SYSFS_SYSFS_H
#define FS_SYSFS_SYSFS_H

struct dentry;
struct super_block;

struct dentry *sysfs_mount(struct super_block **sb_out);

#endif
