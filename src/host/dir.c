/* SPDX-License-Identifier: MIT */
/*
 * Directory-relative host operations. Callers (fs/hostfs) pass a directory fd
 * and a single, already validated path component: no host path string built
 * from guest input ever reaches the host.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>
#include "host/host.h"

int host_fstatat(int dirfd, const char *name, struct linux_stat *st, int nofollow)
{
	int fl = nofollow ? AT_SYMLINK_NOFOLLOW : 0;

	if (!*name)
		fl |= AT_EMPTY_PATH;
	return fstatat(dirfd, name, (struct stat *)st, fl) < 0 ? -errno : 0;
}

int host_mkdirat(int dirfd, const char *name, int mode)
{
	return mkdirat(dirfd, name, (mode_t)mode) < 0 ? -errno : 0;
}

int host_mknodat(int dirfd, const char *name, int mode, uint64_t dev)
{
	return mknodat(dirfd, name, (mode_t)mode, dev) < 0 ? -errno : 0;
}

int host_unlinkat(int dirfd, const char *name, int rmdir)
{
	return unlinkat(dirfd, name, rmdir ? AT_REMOVEDIR : 0) < 0 ? -errno : 0;
}

int host_renameat2(int olddir, const char *oldname, int newdir, const char *newname, unsigned flags)
{
	return syscall(SYS_renameat2, olddir, oldname, newdir, newname, flags) < 0 ? -errno : 0;
}

int host_linkat(int olddir, const char *oldname, int newdir, const char *newname)
{
	return linkat(olddir, oldname, newdir, newname, 0) < 0 ? -errno : 0;
}

int host_linkat_fd(int fd, int newdir, const char *newname)
{
	return linkat(fd, "", newdir, newname, AT_EMPTY_PATH) < 0 ? -errno : 0;
}

int host_symlinkat(const char *target, int dirfd, const char *name)
{
	return symlinkat(target, dirfd, name) < 0 ? -errno : 0;
}

long host_readlinkat(int dirfd, const char *name, char *buf, size_t n)
{
	long r = readlinkat(dirfd, name, buf, n);

	return r < 0 ? -errno : r;
}

int host_fchmodat(int dirfd, const char *name, int mode)
{
	return fchmodat(dirfd, name, (mode_t)mode, 0) < 0 ? -errno : 0;
}

int host_fchmod(int fd, int mode)
{
	return fchmod(fd, (mode_t)mode) < 0 ? -errno : 0;
}

int host_fchownat(int dirfd, const char *name, int uid, int gid, int nofollow)
{
	int fl = nofollow ? AT_SYMLINK_NOFOLLOW : 0;

	if (!*name)
		fl |= AT_EMPTY_PATH;
	return fchownat(dirfd, name, (uid_t)uid, (gid_t)gid, fl) < 0 ? -errno : 0;
}

int host_fchown(int fd, int uid, int gid)
{
	return fchown(fd, (uid_t)uid, (gid_t)gid) < 0 ? -errno : 0;
}

int host_utimensat(int dirfd, const char *name, const struct linux_timespec ts[2], int nofollow)
{
	int fl = nofollow ? AT_SYMLINK_NOFOLLOW : 0;

	return utimensat(dirfd, name, (const struct timespec *)ts, fl) < 0 ? -errno : 0;
}

int host_futimens(int fd, const struct linux_timespec ts[2])
{
	return futimens(fd, (const struct timespec *)ts) < 0 ? -errno : 0;
}

int host_reopen(int pathfd, int flags)
{
	char p[64];
	int r;

	snprintf(p, sizeof(p), "/proc/self/fd/%d", pathfd);
	do
		r = open(p, flags | O_CLOEXEC | O_NOCTTY, 0);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : r;
}

static void fd_path(char *p, size_t n, int fd)
{
	snprintf(p, n, "/proc/self/fd/%d", fd);
}

long host_getxattr(int pathfd, const char *name, void *buf, size_t n)
{
	char p[64];
	ssize_t r;

	fd_path(p, sizeof(p), pathfd);
	r = getxattr(p, name, buf, n);
	return r < 0 ? -errno : r;
}

long host_setxattr(int pathfd, const char *name, const void *val, size_t n, int flags)
{
	char p[64];

	fd_path(p, sizeof(p), pathfd);
	return setxattr(p, name, val, n, flags) < 0 ? -errno : 0;
}

long host_listxattr(int pathfd, char *buf, size_t n)
{
	char p[64];
	ssize_t r;

	fd_path(p, sizeof(p), pathfd);
	r = listxattr(p, buf, n);
	return r < 0 ? -errno : r;
}

long host_removexattr(int pathfd, const char *name)
{
	char p[64];

	fd_path(p, sizeof(p), pathfd);
	return removexattr(p, name) < 0 ? -errno : 0;
}

static void at_path(char *p, size_t n, int dirfd, const char *entry)
{
	snprintf(p, n, "/proc/self/fd/%d/%s", dirfd, entry);
}

long host_lgetxattr_at(int dirfd, const char *entry, const char *name, void *buf, size_t n)
{
	char p[320];
	ssize_t r;

	at_path(p, sizeof(p), dirfd, entry);
	r = lgetxattr(p, name, buf, n);
	return r < 0 ? -errno : r;
}

long host_lsetxattr_at(int dirfd, const char *entry, const char *name, const void *val, size_t n, int flags)
{
	char p[320];

	at_path(p, sizeof(p), dirfd, entry);
	return lsetxattr(p, name, val, n, flags) < 0 ? -errno : 0;
}

long host_llistxattr_at(int dirfd, const char *entry, char *buf, size_t n)
{
	char p[320];
	ssize_t r;

	at_path(p, sizeof(p), dirfd, entry);
	r = llistxattr(p, buf, n);
	return r < 0 ? -errno : r;
}

long host_lremovexattr_at(int dirfd, const char *entry, const char *name)
{
	char p[320];

	at_path(p, sizeof(p), dirfd, entry);
	return lremovexattr(p, name) < 0 ? -errno : 0;
}
