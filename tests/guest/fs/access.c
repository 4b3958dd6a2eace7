/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * access/faccessat/faccessat2 as root: F_OK, R/W always granted, X_OK only
 * with an execute bit, AT_SYMLINK_NOFOLLOW/AT_EACCESS/AT_EMPTY_PATH, and errors.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

static long fa2(int dfd, const char *p, int mode, int flags)
{
	return syscall(SYS_faccessat2, dfd, p, mode, flags);
}

int main(void)
{
	int fd, dfd;

	fd = open("f", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	close(fd);
	CHECK(mkdir("d", 0755) == 0, "mkdir d");
	CHECK(symlink("f", "l") == 0 && symlink("nowhere", "dangle") == 0, "symlinks");

	CHECK(access("f", F_OK) == 0, "F_OK on existing file");
	CHECK(access("f", R_OK | W_OK) == 0, "R_OK|W_OK on 0644 file");
	CHECK_ERR(access("f", X_OK), EACCES,
		  "X_OK on non-executable file fails EACCES, even for root");
	CHECK(chmod("f", 0) == 0, "chmod 0");
	CHECK(access("f", R_OK | W_OK) == 0, "root may read and write a mode-0 file");
	CHECK_ERR(access("f", X_OK), EACCES, "but not execute it");
	CHECK(chmod("f", 0001) == 0 && access("f", X_OK) == 0, "X_OK with only other-exec bit");
	CHECK(chmod("f", 0100) == 0 && access("f", R_OK | W_OK | X_OK) == 0,
	      "X_OK with only owner-exec bit");
	CHECK(chmod("d", 0) == 0 && access("d", R_OK | W_OK | X_OK) == 0,
	      "root may search a mode-0 directory");
	CHECK(chmod("d", 0755) == 0, "restore d");

	CHECK_ERR(access("missing", F_OK), ENOENT, "missing file fails ENOENT");
	CHECK_ERR(access("f/x", F_OK), ENOTDIR, "below a file fails ENOTDIR");
	CHECK_ERR(access("f/", F_OK), ENOTDIR, "file with slash fails ENOTDIR");
	CHECK_ERR(access("", F_OK), ENOENT, "empty path fails ENOENT");
	CHECK_ERR(access("f", 8), EINVAL, "mode 8 fails EINVAL");
	CHECK_ERR(access("f", -1), EINVAL, "mode -1 fails EINVAL");
	CHECK_ERR(syscall(SYS_access, (char *)1, F_OK), EFAULT, "bad pointer fails EFAULT");
	CHECK(access("l", F_OK) == 0, "F_OK follows symlinks");
	CHECK_ERR(access("dangle", F_OK), ENOENT, "dangling symlink fails ENOENT");
	CHECK(access("/dev/null", R_OK | W_OK) == 0, "/dev/null is readable and writable");
	CHECK(access("/", X_OK) == 0, "/ is searchable");

	/* faccessat (no flags argument in the raw syscall). */
	dfd = open("d", O_RDONLY | O_DIRECTORY);
	close(openat(dfd, "in", O_CREAT | O_WRONLY, 0755));
	CHECK(syscall(SYS_faccessat, dfd, "in", X_OK) == 0, "raw faccessat relative to dirfd");
	CHECK_ERR(syscall(SYS_faccessat, dfd, "nope", F_OK), ENOENT, "raw faccessat missing");
	CHECK_ERR(syscall(SYS_faccessat, -1, "in", F_OK), EBADF, "raw faccessat bad dirfd");
	CHECK(faccessat(AT_FDCWD, "f", F_OK, 0) == 0, "libc faccessat flags 0");
	CHECK(faccessat(AT_FDCWD, "f", X_OK, AT_EACCESS) == 0, "libc faccessat AT_EACCESS");

	/* faccessat2 flags. */
	CHECK(fa2(AT_FDCWD, "dangle", F_OK, AT_SYMLINK_NOFOLLOW) == 0,
	      "AT_SYMLINK_NOFOLLOW: dangling symlink exists");
	CHECK_ERR(fa2(AT_FDCWD, "dangle", F_OK, 0), ENOENT, "without it: ENOENT");
	CHECK(fa2(AT_FDCWD, "f", R_OK | X_OK, AT_EACCESS) == 0, "AT_EACCESS");
	CHECK(fa2(dfd, "", X_OK, AT_EMPTY_PATH) == 0, "AT_EMPTY_PATH on a dir fd");
	CHECK_ERR(fa2(dfd, "", F_OK, 0), ENOENT, "empty path without AT_EMPTY_PATH fails ENOENT");
	CHECK_ERR(fa2(AT_FDCWD, "f", F_OK, 0x1), EINVAL, "unknown flag fails EINVAL");
	CHECK_ERR(fa2(AT_FDCWD, "f", 8, 0), EINVAL, "bad mode fails EINVAL");
	close(dfd);

	unlink("d/in");
	rmdir("d");
	unlink("l");
	unlink("dangle");
	unlink("f");
	return 0;
}
