/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * openat(2) dirfd handling: relative to a directory fd, an O_PATH directory,
 * AT_FDCWD, absolute paths ignoring dirfd, and EBADF/ENOTDIR/ENOENT/ELOOP/EFAULT.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
	char buf[16];
	struct stat st, st2;
	int dfd, pfd, ffd, fd;

	CHECK(mkdir("dir", 0755) == 0, "mkdir dir");
	CHECK(mkdir("dir/sub", 0755) == 0, "mkdir dir/sub");
	fd = open("dir/sub/file", O_CREAT | O_WRONLY, 0644);
	CHECK(fd >= 0 && write(fd, "inner", 5) == 5, "create dir/sub/file");
	close(fd);
	fd = open("top", O_CREAT | O_WRONLY, 0644);
	CHECK(fd >= 0 && write(fd, "top", 3) == 3, "create top");
	close(fd);

	dfd = open("dir", O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0, "open dir as dirfd");
	fd = openat(dfd, "sub/file", O_RDONLY);
	CHECK(fd >= 0 && read(fd, buf, 5) == 5 && memcmp(buf, "inner", 5) == 0,
	      "openat relative to dirfd");
	close(fd);
	fd = openat(dfd, "../top", O_RDONLY);
	CHECK(fd >= 0 && read(fd, buf, 3) == 3 && memcmp(buf, "top", 3) == 0,
	      "openat dirfd with .. leaves the directory");
	close(fd);
	fd = openat(dfd, "new", O_CREAT | O_EXCL | O_WRONLY, 0600);
	CHECK(fd >= 0, "openat O_CREAT relative to dirfd");
	close(fd);
	CHECK(stat("dir/new", &st) == 0, "file was created inside dir");
	fd = openat(dfd, ".", O_RDONLY);
	CHECK(fd >= 0 && fstat(fd, &st) == 0 && fstat(dfd, &st2) == 0 &&
		      st.st_ino == st2.st_ino && st.st_dev == st2.st_dev,
	      "openat(dirfd, \".\") is the same directory");
	close(fd);

	pfd = open("dir", O_PATH | O_DIRECTORY);
	CHECK(pfd >= 0, "open dir O_PATH");
	fd = openat(pfd, "sub/file", O_RDONLY);
	CHECK(fd >= 0, "O_PATH directory works as dirfd");
	close(fd);

	fd = openat(AT_FDCWD, "top", O_RDONLY);
	CHECK(fd >= 0, "openat AT_FDCWD");
	close(fd);

	CHECK_ERR(openat(-1, "top", O_RDONLY), EBADF, "relative path with dirfd -1 fails EBADF");
	CHECK_ERR(openat(1000, "top", O_RDONLY), EBADF,
		  "relative path with closed dirfd fails EBADF");
	fd = openat(1000, "/dev/null", O_RDONLY);
	CHECK(fd >= 0, "absolute path ignores a bad dirfd");
	close(fd);

	ffd = open("top", O_RDONLY);
	CHECK_ERR(openat(ffd, "x", O_RDONLY), ENOTDIR, "file as dirfd fails ENOTDIR");
	CHECK_ERR(openat(ffd, "", O_RDONLY), ENOENT, "empty path with file dirfd fails ENOENT");
	close(ffd);
	CHECK_ERR(openat(dfd, "", O_RDONLY), ENOENT, "empty path with dirfd fails ENOENT");
	CHECK_ERR(openat(dfd, "missing", O_RDONLY), ENOENT,
		  "missing name under dirfd fails ENOENT");
	CHECK_ERR(openat(dfd, "missing/x", O_RDONLY | O_CREAT, 0644), ENOENT,
		  "O_CREAT under missing directory fails ENOENT");
	CHECK_ERR(openat(dfd, "sub/file/x", O_RDONLY), ENOTDIR,
		  "regular file as path component fails ENOTDIR");
	CHECK_ERR(syscall(SYS_openat, dfd, (char *)1, O_RDONLY), EFAULT,
		  "bad path pointer fails EFAULT");

	CHECK(symlink("loop2", "dir/loop1") == 0 && symlink("loop1", "dir/loop2") == 0,
	      "make a symlink loop");
	CHECK_ERR(openat(dfd, "loop1", O_RDONLY), ELOOP, "symlink loop fails ELOOP");
	CHECK_ERR(openat(dfd, "loop1/x", O_RDONLY), ELOOP, "symlink loop in middle fails ELOOP");
	CHECK(symlink("sub", "dir/sublink") == 0, "symlink to subdirectory");
	fd = openat(dfd, "sublink/file", O_RDONLY);
	CHECK(fd >= 0, "openat through symlinked directory");
	close(fd);
	CHECK_ERR(openat(dfd, "sublink", O_RDONLY | O_NOFOLLOW), ELOOP,
		  "O_NOFOLLOW on final symlink fails ELOOP");
	fd = openat(dfd, "sublink/", O_RDONLY | O_NOFOLLOW);
	CHECK(fd >= 0, "trailing slash forces following even with O_NOFOLLOW");
	close(fd);

	/* Directory fd stays valid after the directory is renamed. */
	CHECK(rename("dir", "moved") == 0, "rename dir while dirfd open");
	fd = openat(dfd, "sub/file", O_RDONLY);
	CHECK(fd >= 0, "dirfd follows the renamed directory");
	close(fd);

	close(pfd);
	close(dfd);
	unlink("moved/loop1");
	unlink("moved/loop2");
	unlink("moved/sublink");
	unlink("moved/new");
	unlink("moved/sub/file");
	rmdir("moved/sub");
	rmdir("moved");
	unlink("top");
	return 0;
}
