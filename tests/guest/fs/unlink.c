/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * unlink/unlinkat: open files survive unlinking, link counts, symlinks are
 * removed rather than followed, and EISDIR/ENOENT/ENOTDIR/EINVAL/EBADF/EFAULT.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
	struct stat st;
	char buf[16];
	int fd, dfd;

	fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(fd >= 0 && write(fd, "still here", 10) == 10, "create f");
	CHECK(link("f", "g") == 0, "hard link g");
	CHECK(fstat(fd, &st) == 0 && st.st_nlink == 2, "nlink is 2");
	CHECK(unlink("g") == 0, "unlink g");
	CHECK(fstat(fd, &st) == 0 && st.st_nlink == 1, "nlink back to 1");
	CHECK(unlink("f") == 0, "unlink f while open");
	CHECK_ERR(stat("f", &st), ENOENT, "name is gone");
	CHECK(fstat(fd, &st) == 0 && st.st_nlink == 0, "open file has nlink 0");
	CHECK(pread(fd, buf, 10, 0) == 10 && memcmp(buf, "still here", 10) == 0,
	      "data readable through the fd");
	CHECK(pwrite(fd, "!", 1, 10) == 1 && fstat(fd, &st) == 0 && st.st_size == 11,
	      "and writable");
	fd = open("f", O_CREAT | O_RDWR | O_EXCL, 0644);
	CHECK(fd >= 0, "the name can be reused at once");
	close(fd);

	/* Symlinks. */
	CHECK(symlink("f", "l") == 0, "symlink l -> f");
	CHECK(unlink("l") == 0, "unlink symlink");
	CHECK(stat("f", &st) == 0, "target still exists");
	CHECK(symlink("nowhere", "dangle") == 0 && unlink("dangle") == 0,
	      "unlink dangling symlink");
	CHECK(mkdir("d", 0755) == 0 && symlink("d", "dl") == 0, "dir and symlink to it");
	CHECK(unlink("dl") == 0 && stat("d", &st) == 0, "unlink symlink to dir keeps the dir");
	CHECK(symlink("d", "dl") == 0, "recreate dl");
	CHECK_ERR(unlink("dl/"), ENOTDIR, "unlink symlink-to-dir with slash fails ENOTDIR");

	/* Errors. */
	CHECK_ERR(unlink("d"), EISDIR, "unlink a directory fails EISDIR");
	CHECK_ERR(unlink("missing"), ENOENT, "unlink missing fails ENOENT");
	CHECK_ERR(unlink("missing/x"), ENOENT, "unlink in missing dir fails ENOENT");
	CHECK_ERR(unlink("f/x"), ENOTDIR, "unlink below a file fails ENOTDIR");
	CHECK_ERR(unlink("f/"), ENOTDIR, "unlink file with trailing slash fails ENOTDIR");
	CHECK_ERR(unlink(""), ENOENT, "unlink empty path fails ENOENT");
	CHECK_ERR(unlink("."), EISDIR, "unlink . fails EISDIR");
	CHECK_ERR(syscall(SYS_unlink, (char *)1), EFAULT, "unlink bad pointer fails EFAULT");

	/* unlinkat */
	dfd = open("d", O_RDONLY | O_DIRECTORY);
	fd = openat(dfd, "in", O_CREAT | O_WRONLY, 0644);
	close(fd);
	CHECK(mkdirat(dfd, "sub", 0755) == 0, "make d/sub");
	CHECK_ERR(unlinkat(dfd, "in", AT_REMOVEDIR), ENOTDIR,
		  "AT_REMOVEDIR on a file fails ENOTDIR");
	CHECK_ERR(unlinkat(dfd, "sub", 0), EISDIR, "unlinkat(0) on a dir fails EISDIR");
	CHECK_ERR(unlinkat(dfd, "in", 0x1), EINVAL, "unlinkat unknown flag fails EINVAL");
	CHECK_ERR(unlinkat(dfd, "in", AT_SYMLINK_NOFOLLOW), EINVAL,
		  "unlinkat AT_SYMLINK_NOFOLLOW fails EINVAL");
	CHECK(unlinkat(dfd, "in", 0) == 0, "unlinkat file");
	CHECK(unlinkat(dfd, "sub", AT_REMOVEDIR) == 0, "unlinkat dir");
	CHECK_ERR(unlinkat(-1, "x", 0), EBADF, "unlinkat bad dirfd fails EBADF");
	fd = open("f", O_RDONLY);
	CHECK_ERR(unlinkat(fd, "x", 0), ENOTDIR, "unlinkat with file dirfd fails ENOTDIR");
	close(fd);
	CHECK(unlinkat(AT_FDCWD, "f", 0) == 0, "unlinkat AT_FDCWD");
	close(dfd);

	unlink("dl");
	rmdir("d");
	return 0;
}
