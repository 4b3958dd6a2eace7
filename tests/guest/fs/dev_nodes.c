/* tags: proc */
/* SPDX-License-Identifier: MIT */
/*
 * The standard /dev nodes: null, zero, full (ENOSPC), urandom and random,
 * /dev/fd/N and /dev/stdin|stdout|stderr, with their device numbers.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "check.h"

static int is_chr(const char *p, unsigned int maj, unsigned int min)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISCHR(st.st_mode) && major(st.st_rdev) == maj &&
	       minor(st.st_rdev) == min;
}

int main(void)
{
	static char buf[8192];
	char path[64];
	struct stat st, st2;
	int fd, fd2, i, ok, nonzero;

	CHECK(is_chr("/dev/null", 1, 3), "/dev/null is char 1:3");
	CHECK(is_chr("/dev/zero", 1, 5), "/dev/zero is char 1:5");
	CHECK(is_chr("/dev/full", 1, 7), "/dev/full is char 1:7");
	CHECK(is_chr("/dev/random", 1, 8), "/dev/random is char 1:8");
	CHECK(is_chr("/dev/urandom", 1, 9), "/dev/urandom is char 1:9");
	CHECK(stat("/dev", &st) == 0 && S_ISDIR(st.st_mode), "/dev is a directory");

	/* /dev/null */
	fd = open("/dev/null", O_RDWR);
	CHECK(fd >= 0, "open /dev/null");
	CHECK(read(fd, buf, sizeof(buf)) == 0, "read /dev/null is EOF");
	CHECK(write(fd, buf, sizeof(buf)) == (ssize_t)sizeof(buf), "write /dev/null swallows all");
	CHECK(pwrite(fd, buf, 10, 12345) == 10, "pwrite /dev/null");
	close(fd);

	/* /dev/zero */
	fd = open("/dev/zero", O_RDWR);
	memset(buf, 0x55, sizeof(buf));
	CHECK(read(fd, buf, sizeof(buf)) == (ssize_t)sizeof(buf), "read 8 KiB of /dev/zero");
	ok = 1;
	for (i = 0; i < (int)sizeof(buf); i++)
		ok &= buf[i] == 0;
	CHECK(ok, "all zero bytes");
	CHECK(write(fd, "abc", 3) == 3, "write /dev/zero succeeds");
	close(fd);

	/* /dev/full */
	fd = open("/dev/full", O_RDWR);
	CHECK_ERR(write(fd, "x", 1), ENOSPC, "write /dev/full fails ENOSPC");
	memset(buf, 1, 16);
	CHECK(read(fd, buf, 16) == 16 && buf[0] == 0 && buf[15] == 0, "read /dev/full gives zeros");
	close(fd);

	/* /dev/urandom and /dev/random */
	fd = open("/dev/urandom", O_RDONLY);
	memset(buf, 0, 256);
	CHECK(read(fd, buf, 256) == 256, "read 256 bytes of /dev/urandom");
	nonzero = 0;
	for (i = 0; i < 256; i++)
		nonzero += buf[i] != 0;
	CHECK(nonzero > 200, "urandom bytes are mostly non-zero");
	close(fd);
	fd = open("/dev/random", O_RDONLY);
	CHECK(fd >= 0 && read(fd, buf, 16) == 16, "read 16 bytes of /dev/random");
	close(fd);

	/* /dev/fd/N reopens the file with a fresh offset. */
	fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(write(fd, "0123456789", 10) == 10, "create a 10-byte file");
	snprintf(path, sizeof(path), "/dev/fd/%d", fd);
	fd2 = open(path, O_RDONLY);
	CHECK(fd2 >= 0 && fd2 != fd, "open /dev/fd/N");
	CHECK(fstat(fd, &st) == 0 && fstat(fd2, &st2) == 0 && st.st_ino == st2.st_ino &&
		      st.st_dev == st2.st_dev,
	      "same file");
	CHECK(lseek(fd2, 0, SEEK_CUR) == 0 && lseek(fd, 0, SEEK_CUR) == 10,
	      "reopened file has its own offset");
	CHECK(read(fd2, buf, 4) == 4 && memcmp(buf, "0123", 4) == 0, "read via reopened fd");
	close(fd2);
	CHECK(stat(path, &st2) == 0 && st.st_ino == st2.st_ino, "stat /dev/fd/N is the file");
	CHECK(lstat(path, &st2) == 0 && S_ISLNK(st2.st_mode), "lstat /dev/fd/N is a symlink");
	snprintf(path, sizeof(path), "/dev/fd/%d", 987);
	CHECK_ERR(open(path, O_RDONLY), ENOENT, "/dev/fd of a closed fd fails ENOENT");
	close(fd);

	/* stdio aliases. */
	CHECK(stat("/dev/stdin", &st) == 0 && fstat(0, &st2) == 0 && st.st_ino == st2.st_ino &&
		      st.st_rdev == st2.st_rdev,
	      "/dev/stdin is fd 0");
	CHECK(stat("/dev/stdout", &st) == 0 && fstat(1, &st2) == 0 && st.st_ino == st2.st_ino &&
		      st.st_dev == st2.st_dev,
	      "/dev/stdout is fd 1");
	CHECK(stat("/dev/stderr", &st) == 0 && fstat(2, &st2) == 0 && st.st_ino == st2.st_ino &&
		      st.st_dev == st2.st_dev,
	      "/dev/stderr is fd 2");
	fd = open("/dev/stdin", O_RDONLY);
	CHECK(fd >= 0 && read(fd, buf, 1) == 0, "/dev/stdin (which is /dev/null) reads EOF");
	close(fd);
	CHECK(lstat("/dev/stdin", &st) == 0 && S_ISLNK(st.st_mode), "/dev/stdin is a symlink");
	CHECK(readlink("/dev/stdin", path, sizeof(path)) > 0, "readlink /dev/stdin works");

	/* Errors. */
	CHECK_ERR(open("/dev/null/x", O_RDONLY), ENOTDIR, "/dev/null/x fails ENOTDIR");
	CHECK_ERR(mkdir("/dev/null", 0755), EEXIST, "mkdir /dev/null fails EEXIST");
	CHECK_ERR(open("/dev/null", O_RDONLY | O_DIRECTORY), ENOTDIR,
		  "O_DIRECTORY on /dev/null fails ENOTDIR");
	fd = open("/dev/null", O_WRONLY);
	CHECK_ERR(read(fd, buf, 1), EBADF, "read on write-only /dev/null fails EBADF");
	close(fd);

	unlink("f");
	return 0;
}
