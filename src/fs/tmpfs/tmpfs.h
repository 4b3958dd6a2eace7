/* SPDX-License-Identifier: MIT */
/* tmpfs: an in-memory filesystem; file data lives in host memfds so it can be mapped. */
#ifndef FS_TMPFS_TMPFS_H
#define FS_TMPFS_TMPFS_H
#include <stdint.h>

struct dentry;
struct super_block;

/* A new tmpfs instance; returns its root dentry. */
struct dentry *tmpfs_mount(uint32_t root_mode, struct super_block **sb_out, const char *fstype);
/* Creates a device node or symlink in a tmpfs directory (used to populate /dev). */
int tmpfs_add_node(struct dentry *dir, const char *name, uint32_t mode, uint64_t rdev, const char *target);
struct dentry *tmpfs_add_dir(struct dentry *dir, const char *name, uint32_t mode);
/* A regular file with fixed contents (sysfs). */
int tmpfs_add_file(struct dentry *dir, const char *name, uint32_t mode, const char *text);

#endif
