/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * mkdir/mkdirat/rmdir: modes under umask, trailing slashes, and the errors
 * EEXIST, ENOENT, ENOTDIR, ENOTEMPTY, EINVAL, EBUSY, ENAMETOOLONG and EFAULT.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
	struct stat st;
	char name[300];
	int dfd, fd;

	umask(022);
	CHECK(mkdir("a", 0777) == 0, "mkdir a");
	CHECK(stat("a", &st) == 0 && S_ISDIR(st.st_mode), "a is a directory");
	CHECK((st.st_mode & 07777) == 0755, "mode 0777 under umask 022 is 0755");
	CHECK(mkdir("b", 0700) == 0 && stat("b", &st) == 0 && (st.st_mode & 07777) == 0700,
	      "mkdir with mode 0700");
	CHECK(mkdir("s", 01777) == 0 && stat("s", &st) == 0 && (st.st_mode & 07777) == 01755,
	      "sticky bit is kept");
	CHECK(mkdir("a/b/", 0755) == 0, "mkdir with trailing slash");
	CHECK(mkdir("a/b/c", 0755) == 0, "nested mkdir");
	CHECK(stat("a/b/c/.", &st) == 0 && S_ISDIR(st.st_mode), "a/b/c/. resolves");
	CHECK(stat("a/b/c/../..", &st) == 0 && S_ISDIR(st.st_mode), "a/b/c/../.. resolves");

	/* mkdirat */
	dfd = open("a", O_RDONLY | O_DIRECTORY);
	CHECK(mkdirat(dfd, "x", 0711) == 0, "mkdirat relative to dirfd");
	CHECK(stat("a/x", &st) == 0 && (st.st_mode & 07777) == 0711, "a/x created with 0711");
	CHECK_ERR(mkdirat(dfd, "x", 0755), EEXIST, "mkdirat existing fails EEXIST");
	CHECK_ERR(mkdirat(-1, "y", 0755), EBADF, "mkdirat bad dirfd fails EBADF");
	fd = open("file", O_CREAT | O_WRONLY, 0644);
	CHECK_ERR(mkdirat(fd, "y", 0755), ENOTDIR, "mkdirat with file dirfd fails ENOTDIR");

	/* mkdir errors. */
	CHECK_ERR(mkdir("a", 0755), EEXIST, "mkdir existing dir fails EEXIST");
	CHECK_ERR(mkdir("file", 0755), EEXIST, "mkdir over a file fails EEXIST");
	CHECK(symlink("nowhere", "dangling") == 0, "dangling symlink");
	CHECK_ERR(mkdir("dangling", 0755), EEXIST, "mkdir over dangling symlink fails EEXIST");
	CHECK_ERR(mkdir("missing/x", 0755), ENOENT, "mkdir in missing parent fails ENOENT");
	CHECK_ERR(mkdir("file/x", 0755), ENOTDIR, "mkdir below a file fails ENOTDIR");
	CHECK_ERR(mkdir("", 0755), ENOENT, "mkdir empty path fails ENOENT");
	CHECK_ERR(mkdir(".", 0755), EEXIST, "mkdir . fails EEXIST");
	CHECK_ERR(mkdir("..", 0755), EEXIST, "mkdir .. fails EEXIST");
	CHECK_ERR(syscall(SYS_mkdir, (char *)1, 0755), EFAULT, "mkdir bad pointer fails EFAULT");
	memset(name, 'n', 256);
	name[256] = 0;
	CHECK_ERR(mkdir(name, 0755), ENAMETOOLONG, "256-byte name fails ENAMETOOLONG");

	/* rmdir */
	CHECK_ERR(rmdir("a"), ENOTEMPTY, "rmdir non-empty fails ENOTEMPTY");
	CHECK_ERR(rmdir("a/b"), ENOTEMPTY, "rmdir a/b (has c) fails ENOTEMPTY");
	CHECK(rmdir("a/b/c") == 0, "rmdir a/b/c");
	CHECK_ERR(stat("a/b/c", &st), ENOENT, "a/b/c is gone");
	CHECK(rmdir("a/b/") == 0, "rmdir with trailing slash");
	CHECK_ERR(rmdir("a/b"), ENOENT, "rmdir missing fails ENOENT");
	CHECK_ERR(rmdir("file"), ENOTDIR, "rmdir a file fails ENOTDIR");
	CHECK_ERR(rmdir("file/x"), ENOTDIR, "rmdir below a file fails ENOTDIR");
	CHECK(symlink("a", "alink") == 0, "symlink to dir");
	CHECK_ERR(rmdir("alink"), ENOTDIR, "rmdir a symlink to a dir fails ENOTDIR");
	CHECK_ERR(rmdir("a/x/."), EINVAL, "rmdir ending in . fails EINVAL");
	CHECK_ERR(rmdir("."), EINVAL, "rmdir . fails EINVAL");
	CHECK_ERR(rmdir("a/x/.."), ENOTEMPTY, "rmdir ending in .. fails ENOTEMPTY");
	CHECK_ERR(rmdir(""), ENOENT, "rmdir empty path fails ENOENT");
	CHECK_ERR(rmdir("/"), EBUSY, "rmdir / fails EBUSY");
	CHECK_ERR(syscall(SYS_rmdir, (char *)1), EFAULT, "rmdir bad pointer fails EFAULT");

	/* unlinkat(AT_REMOVEDIR) is rmdir. */
	CHECK(unlinkat(dfd, "x", AT_REMOVEDIR) == 0, "unlinkat AT_REMOVEDIR");
	CHECK_ERR(unlinkat(dfd, "x", AT_REMOVEDIR), ENOENT, "second removal fails ENOENT");
	close(dfd);

	/* Removing a directory that is open or is the cwd. */
	dfd = open("b", O_RDONLY | O_DIRECTORY);
	CHECK(rmdir("b") == 0, "rmdir a directory that is open");
	CHECK(fstat(dfd, &st) == 0 && S_ISDIR(st.st_mode), "fstat on removed dir still works");
	CHECK_ERR(openat(dfd, "new", O_CREAT | O_WRONLY, 0644), ENOENT,
		  "creating in a removed directory fails ENOENT");
	CHECK_ERR(mkdirat(dfd, "new", 0755), ENOENT, "mkdir in removed directory fails ENOENT");
	close(dfd);

	close(fd);
	unlink("file");
	unlink("dangling");
	unlink("alink");
	rmdir("s");
	CHECK(rmdir("a") == 0, "finally rmdir a");
	return 0;
}
