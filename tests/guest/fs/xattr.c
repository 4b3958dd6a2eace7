/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * Extended attributes (user.*) on a file in the cwd. Prints only "xattr ok" whether
 * the filesystem supports user xattrs fully or refuses them all with ENOTSUP.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>

static int failed;

/* Silent check: only failures are printed, so both outcomes print the same. */
#define T(expr, desc)                                                                  \
	do {                                                                           \
		errno = 0;                                                             \
		if (!(expr)) {                                                         \
			failed = 1;                                                    \
			printf("xattr FAIL: %s (line %d, errno %d)\n", (desc), __LINE__, \
			       errno);                                                 \
		}                                                                      \
	} while (0)

#define TERR(call, E, desc)                                                            \
	do {                                                                           \
		errno = 0;                                                             \
		long t_r_ = (long)(call);                                              \
		int t_e_ = errno;                                                      \
		if (t_r_ != -1 || t_e_ != (E)) {                                       \
			failed = 1;                                                    \
			printf("xattr FAIL: %s (line %d, ret %ld, errno %d)\n", (desc),  \
			       __LINE__, t_r_, t_e_);                                  \
		}                                                                      \
	} while (0)

/* Does the NUL-separated list contain name? Counts the user.* names in *users. */
static int has(const char *list, ssize_t len, const char *name, int *users)
{
	const char *p;
	int found = 0;

	*users = 0;
	for (p = list; p < list + len; p += strlen(p) + 1) {
		if (strncmp(p, "user.", 5) == 0)
			(*users)++;
		if (strcmp(p, name) == 0)
			found = 1;
	}
	return found;
}

static void unsupported(int fd)
{
	char list[1024];
	ssize_t n;
	int users;

	TERR(getxattr("f", "user.a", list, sizeof(list)), ENOTSUP, "getxattr: ENOTSUP");
	TERR(fgetxattr(fd, "user.a", list, sizeof(list)), ENOTSUP, "fgetxattr: ENOTSUP");
	TERR(fsetxattr(fd, "user.a", "1", 1, 0), ENOTSUP, "fsetxattr: ENOTSUP");
	TERR(removexattr("f", "user.a"), ENOTSUP, "removexattr: ENOTSUP");
	n = listxattr("f", list, sizeof(list));
	T(n >= 0 && !has(list, n, "user.a", &users) && users == 0, "listxattr: no user names");
}

static void supported(int fd)
{
	char buf[64], list[1024];
	ssize_t n;
	int users;

	T(getxattr("f", "user.a", NULL, 0) == 3, "size query returns 3");
	memset(buf, 0, sizeof(buf));
	T(getxattr("f", "user.a", buf, sizeof(buf)) == 3 && memcmp(buf, "one", 3) == 0,
	  "getxattr returns the value");
	TERR(getxattr("f", "user.a", buf, 2), ERANGE, "value larger than the buffer: ERANGE");
	TERR(getxattr("f", "user.missing", buf, sizeof(buf)), ENODATA, "missing name: ENODATA");
	TERR(setxattr("f", "user.a", "x", 1, XATTR_CREATE), EEXIST,
	     "XATTR_CREATE existing: EEXIST");
	TERR(setxattr("f", "user.b", "x", 1, XATTR_REPLACE), ENODATA,
	     "XATTR_REPLACE missing: ENODATA");
	T(setxattr("f", "user.a", "uno", 3, XATTR_REPLACE) == 0, "XATTR_REPLACE existing");
	T(setxattr("f", "user.b", "two2", 4, XATTR_CREATE) == 0, "XATTR_CREATE new");
	T(fsetxattr(fd, "user.empty", "", 0, 0) == 0, "fsetxattr an empty value");
	T(fgetxattr(fd, "user.empty", buf, sizeof(buf)) == 0, "empty value reads as 0 bytes");
	T(fgetxattr(fd, "user.b", buf, sizeof(buf)) == 4 && memcmp(buf, "two2", 4) == 0,
	  "fgetxattr sees setxattr's value");
	T(lgetxattr("f", "user.a", buf, sizeof(buf)) == 3 && memcmp(buf, "uno", 3) == 0,
	  "lgetxattr on a regular file");

	n = listxattr("f", NULL, 0);
	T(n >= (ssize_t)sizeof("user.a\0user.b\0user.empty"), "listxattr size query");
	n = listxattr("f", list, sizeof(list));
	T(n > 0 && has(list, n, "user.a", &users) && has(list, n, "user.b", &users) &&
		  has(list, n, "user.empty", &users) && users == 3,
	  "listxattr lists the three user names");
	T(flistxattr(fd, list, sizeof(list)) == n, "flistxattr agrees");
	TERR(listxattr("f", list, 3), ERANGE, "listxattr small buffer: ERANGE");

	T(removexattr("f", "user.a") == 0, "removexattr");
	TERR(removexattr("f", "user.a"), ENODATA, "removexattr twice: ENODATA");
	TERR(getxattr("f", "user.a", buf, sizeof(buf)), ENODATA, "removed: ENODATA");
	T(fremovexattr(fd, "user.b") == 0 && fremovexattr(fd, "user.empty") == 0, "fremovexattr");
	n = listxattr("f", list, sizeof(list));
	T(n >= 0 && !has(list, n, "user.a", &users) && users == 0, "no user names left");

	/* user.* is not allowed on symlinks. */
	T(symlink("f", "l") == 0, "symlink");
	TERR(lsetxattr("l", "user.a", "1", 1, 0), EPERM, "user xattr on a symlink: EPERM");
	T(setxattr("l", "user.via", "1", 1, 0) == 0, "setxattr follows the symlink");
	T(getxattr("f", "user.via", buf, sizeof(buf)) == 1, "the target got it");
	unlink("l");
}

int main(void)
{
	char big[256 + 8], buf[8];
	int fd, e;

	fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
	T(fd >= 0, "create ./f");

	/* Name checks happen before the filesystem is asked. */
	TERR(setxattr("f", "noprefix", "1", 1, 0), EOPNOTSUPP, "name without namespace");
	TERR(setxattr("f", "bogus.a", "1", 1, 0), EOPNOTSUPP, "unknown namespace");
	TERR(setxattr("f", "", "1", 1, 0), ERANGE, "empty name: ERANGE");
	memset(big, 'n', sizeof(big));
	memcpy(big, "user.", 5);
	big[sizeof(big) - 1] = 0;
	TERR(setxattr("f", big, "1", 1, 0), ERANGE, "name longer than 255: ERANGE");
	TERR(setxattr("f", "user.a", "1", 1, 0x100), EINVAL, "bad flags: EINVAL");
	TERR(setxattr("missing", "user.a", "1", 1, 0), ENOENT, "missing file: ENOENT");
	TERR(getxattr("missing", "user.a", buf, sizeof(buf)), ENOENT, "getxattr missing: ENOENT");
	TERR(fgetxattr(99, "user.a", buf, sizeof(buf)), EBADF, "closed fd: EBADF");

	errno = 0;
	if (setxattr("f", "user.a", "one", 3, 0) == 0) {
		supported(fd);
	} else {
		e = errno;
		if (e != ENOTSUP) {
			failed = 1;
			printf("xattr FAIL: setxattr errno %d\n", e);
		} else {
			unsupported(fd);
		}
	}
	close(fd);
	unlink("f");
	if (!failed)
		printf("xattr ok\n");
	return failed;
}
