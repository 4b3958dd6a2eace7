/* SPDX-License-Identifier: MIT */
/* hostfs (a host directory as a guest filesystem) and host streams (ukern's stdio). */
#ifndef FS_HOSTFS_HOSTFS_H
#define FS_HOSTFS_HOSTFS_H
#include <stdbool.h>

struct super_block;
struct dentry;
struct file;

/*
 * Mounts the host directory dirfd (an O_PATH|O_DIRECTORY fd that hostfs now
 * owns) and returns its root dentry, or ERR_PTR.
 */
struct dentry *hostfs_mount(int dirfd, bool readonly, struct super_block **sb_out);
/* A guest file wrapping a host fd that ukern owns (its stdin, stdout, stderr). */
struct file *hoststream_new(int hostfd, int flags, const char *name);
/* The host terminal fd, if ukern's stdio is a terminal, else -1 (for /dev/tty). */

#endif
