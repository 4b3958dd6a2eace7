/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * rename/renameat/renameat2: replacing files and empty directories, moving
 * between directories, RENAME_NOREPLACE and RENAME_EXCHANGE, and the errors.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

#define R_NOREPLACE (1 << 0)
#define R_EXCHANGE (1 << 1)

static long rn2(int od, const char *o, int nd, const char *n, unsigned int flags)
{
	return syscall(SYS_renameat2, od, o, nd, n, flags);
}

static void mkfile(const char *path, const char *data)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);

	if (fd >= 0) {
		if (write(fd, data, strlen(data)) < 0)
			perror("write");
		close(fd);
	}
}

/* Returns 1 if path holds exactly data. */
static int has(const char *path, const char *data)
{
	char buf[64];
	int fd = open(path, O_RDONLY), n;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	return n == (int)strlen(data) && memcmp(buf, data, n) == 0;
}

static int exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

int main(void)
{
	struct stat st1, st2;
	int fd, d1, d2;

	mkfile("a", "A");
	mkfile("b", "B");
	mkdir("d", 0755);
	mkdir("e", 0755);
	mkdir("full", 0755);
	mkfile("full/x", "X");

	/* Files. */
	CHECK(rename("a", "a2") == 0 && !exists("a") && has("a2", "A"), "rename a -> a2");
	CHECK(rename("a2", "b") == 0 && has("b", "A") && !exists("a2"), "rename replaces b");
	CHECK(stat("b", &st1) == 0 && rename("b", "b") == 0 && stat("b", &st2) == 0 &&
		      st1.st_ino == st2.st_ino,
	      "rename to itself is a no-op");
	CHECK(link("b", "bl") == 0 && rename("b", "bl") == 0 && exists("b") && exists("bl"),
	      "rename between hard links of one inode does nothing");
	unlink("bl");
	fd = open("b", O_RDONLY);
	CHECK(rename("b", "d/b") == 0 && has("d/b", "A"), "move file into a directory");
	CHECK(fstat(fd, &st1) == 0 && st1.st_nlink == 1, "open fd unaffected by rename");
	close(fd);

	/* Directories. */
	CHECK(rename("d", "d2") == 0 && has("d2/b", "A"), "rename directory keeps contents");
	CHECK(rename("d2", "e") == 0 && has("e/b", "A") && !exists("d2"),
	      "directory replaces an empty directory");
	CHECK_ERR(rename("e", "full"), ENOTEMPTY, "directory over non-empty dir fails ENOTEMPTY");
	mkfile("f", "F");
	CHECK_ERR(rename("e", "f"), ENOTDIR, "directory over a file fails ENOTDIR");
	CHECK_ERR(rename("f", "e"), EISDIR, "file over a directory fails EISDIR");
	CHECK_ERR(rename("e", "e/sub"), EINVAL, "directory into itself fails EINVAL");
	mkdir("e/sub", 0755);
	CHECK_ERR(rename("e", "e/sub/deeper"), EINVAL, "directory into its subdir fails EINVAL");
	CHECK_ERR(rename("e/sub", "e"), ENOTEMPTY, "subdir over its parent fails ENOTEMPTY");
	CHECK(rename("e/sub", "sub") == 0 && exists("sub"), "move subdir up");
	CHECK(rename("e/", "e3/") == 0 && exists("e3/b"), "rename with trailing slashes");
	CHECK_ERR(rename("f/", "g"), ENOTDIR, "file with trailing slash fails ENOTDIR");
	CHECK_ERR(rename("f", "g/"), ENOTDIR, "file to name with slash fails ENOTDIR");

	/* Symlinks are renamed, not followed. */
	CHECK(symlink("f", "lf") == 0 && rename("lf", "lf2") == 0, "rename a symlink");
	{
		char buf[8];
		ssize_t n = readlink("lf2", buf, sizeof(buf));

		CHECK(n == 1 && buf[0] == 'f' && has("f", "F"), "link renamed, target untouched");
	}

	/* Errors. */
	CHECK_ERR(rename("missing", "x"), ENOENT, "missing source fails ENOENT");
	CHECK_ERR(rename("f", "missing/x"), ENOENT, "missing target dir fails ENOENT");
	CHECK_ERR(rename("f", "f/x"), ENOTDIR, "target below a file fails ENOTDIR");
	CHECK_ERR(rename("", "x"), ENOENT, "empty source fails ENOENT");
	CHECK_ERR(rename("f", ""), ENOENT, "empty target fails ENOENT");
	CHECK_ERR(rename(".", "x"), EBUSY, "renaming . fails EBUSY");
	CHECK_ERR(rename("sub/..", "x"), EBUSY, "renaming .. fails EBUSY");
	CHECK_ERR(rename("f", "."), EBUSY, "renaming onto . fails EBUSY");
	CHECK_ERR(syscall(SYS_rename, (char *)1, "x"), EFAULT, "bad source pointer fails EFAULT");

	/* renameat with dirfds. */
	d1 = open("sub", O_RDONLY | O_DIRECTORY);
	d2 = open("e3", O_RDONLY | O_DIRECTORY);
	CHECK(renameat(d2, "b", d1, "moved") == 0 && has("sub/moved", "A"),
	      "renameat across dirfds");
	CHECK_ERR(renameat(-1, "moved", d1, "x"), EBADF, "renameat bad dirfd fails EBADF");

	/* RENAME_NOREPLACE. */
	mkfile("n1", "N1");
	mkfile("n2", "N2");
	CHECK_ERR(rn2(AT_FDCWD, "n1", AT_FDCWD, "n2", R_NOREPLACE), EEXIST,
		  "NOREPLACE onto existing fails EEXIST");
	CHECK(has("n1", "N1") && has("n2", "N2"), "both files intact");
	CHECK(rn2(AT_FDCWD, "n1", AT_FDCWD, "n3", R_NOREPLACE) == 0 && has("n3", "N1"),
	      "NOREPLACE to a new name works");
	CHECK(symlink("nowhere", "dangle") == 0, "dangling symlink");
	CHECK_ERR(rn2(AT_FDCWD, "n3", AT_FDCWD, "dangle", R_NOREPLACE), EEXIST,
		  "NOREPLACE onto dangling symlink fails EEXIST");

	/* RENAME_EXCHANGE. */
	CHECK(rn2(AT_FDCWD, "n2", AT_FDCWD, "n3", R_EXCHANGE) == 0 && has("n2", "N1") &&
		      has("n3", "N2"),
	      "EXCHANGE swaps two files");
	CHECK(rn2(AT_FDCWD, "n2", d1, "moved", R_EXCHANGE) == 0 && has("n2", "A") &&
		      has("sub/moved", "N1"),
	      "EXCHANGE across directories");
	CHECK(rn2(AT_FDCWD, "n2", AT_FDCWD, "e3", R_EXCHANGE) == 0 && exists("n2/.") &&
		      has("e3", "A"),
	      "EXCHANGE a file and a directory");
	CHECK(rn2(AT_FDCWD, "n2", AT_FDCWD, "full", R_EXCHANGE) == 0 && has("n2/x", "X"),
	      "EXCHANGE with a non-empty directory works");
	CHECK_ERR(rn2(AT_FDCWD, "n3", AT_FDCWD, "nonexistent", R_EXCHANGE), ENOENT,
		  "EXCHANGE with missing target fails ENOENT");
	CHECK_ERR(rn2(AT_FDCWD, "n3", AT_FDCWD, "n3x", R_EXCHANGE | R_NOREPLACE), EINVAL,
		  "EXCHANGE|NOREPLACE fails EINVAL");
	CHECK_ERR(rn2(AT_FDCWD, "n3", AT_FDCWD, "n3x", 1 << 10), EINVAL,
		  "unknown flag fails EINVAL");
	CHECK_ERR(rn2(AT_FDCWD, "n2", AT_FDCWD, "n2/x", R_EXCHANGE), EINVAL,
		  "EXCHANGE a dir with its own child fails EINVAL");
	close(d1);
	close(d2);

	unlink("dangle");
	unlink("lf2");
	unlink("f");
	unlink("n3");
	unlink("sub/moved");
	rmdir("sub");
	unlink("n2/x");
	rmdir("n2");
	rmdir("full");
	unlink("e3");
	return 0;
}
