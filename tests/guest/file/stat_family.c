/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * stat, lstat, fstat and newfstatat (AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH): file
 * types, sizes, link counts, agreement between the calls, and error numbers.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "check.h"

static int same(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_mode == b->st_mode &&
	       a->st_size == b->st_size && a->st_nlink == b->st_nlink;
}

int main(void)
{
	struct stat st, st2, lst;
	int fd, dfd, p[2];

	umask(022);
	fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0640);
	CHECK(fd >= 0 && write(fd, "12345", 5) == 5, "create f with 5 bytes");
	CHECK(mkdir("d", 0750) == 0, "mkdir d");
	CHECK(symlink("f", "l") == 0, "symlink l -> f");
	CHECK(symlink("d", "ld") == 0, "symlink ld -> d");

	/* stat */
	CHECK(stat("f", &st) == 0, "stat f");
	CHECK(S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0640, "f is regular, mode 0640");
	CHECK(st.st_size == 5 && st.st_nlink == 1, "f size 5, nlink 1");
	CHECK(st.st_uid == getuid() && st.st_gid == getgid(), "f owned by us");
	CHECK(st.st_blksize > 0, "st_blksize positive");
	CHECK(st.st_blocks >= 0, "st_blocks not negative");
	CHECK(st.st_ino != 0, "st_ino nonzero");
	CHECK(stat("d", &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 07777) == 0750,
	      "d is a directory, mode 0750");

	/* stat follows symlinks, lstat does not. */
	CHECK(stat("f", &st) == 0 && stat("l", &st2) == 0 && same(&st, &st2),
	      "stat through symlink matches the target");
	CHECK(lstat("l", &lst) == 0 && S_ISLNK(lst.st_mode), "lstat sees a symlink");
	CHECK(lst.st_size == 1, "symlink size is the target length");
	CHECK(lst.st_ino != st.st_ino, "symlink has its own inode");
	CHECK(lstat("f", &st2) == 0 && same(&st, &st2), "lstat of a non-link equals stat");
	CHECK(stat("ld", &st) == 0 && S_ISDIR(st.st_mode), "stat through dir symlink is a dir");
	CHECK(lstat("ld/", &st) == 0 && S_ISDIR(st.st_mode), "lstat with trailing slash follows");

	/* fstat */
	CHECK(fstat(fd, &st) == 0 && stat("f", &st2) == 0 && same(&st, &st2), "fstat matches stat");
	CHECK(write(fd, "678", 3) == 3 && fstat(fd, &st) == 0 && st.st_size == 8,
	      "fstat sees size change");
	CHECK(pipe(p) == 0 && fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode), "fstat on a pipe");
	close(p[0]);
	close(p[1]);
	CHECK(fstat(0, &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3),
	      "stdin is /dev/null (char 1:3)");

	/* fstatat */
	dfd = open("d", O_RDONLY | O_DIRECTORY);
	close(open("d/in", O_CREAT | O_WRONLY, 0600));
	CHECK(fstatat(dfd, "in", &st, 0) == 0 && S_ISREG(st.st_mode) &&
		      (st.st_mode & 0777) == 0600,
	      "fstatat relative to dirfd");
	CHECK(fstatat(AT_FDCWD, "l", &st, 0) == 0 && S_ISREG(st.st_mode), "fstatat follows link");
	CHECK(fstatat(AT_FDCWD, "l", &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode),
	      "fstatat AT_SYMLINK_NOFOLLOW");
	CHECK(fstatat(fd, "", &st, AT_EMPTY_PATH) == 0 && S_ISREG(st.st_mode) && st.st_size == 8,
	      "fstatat AT_EMPTY_PATH on a file fd");
	CHECK(fstatat(dfd, "", &st, AT_EMPTY_PATH) == 0 && S_ISDIR(st.st_mode),
	      "fstatat AT_EMPTY_PATH on a dir fd");
	CHECK(fstatat(AT_FDCWD, "", &st, AT_EMPTY_PATH) == 0 && S_ISDIR(st.st_mode) &&
		      stat(".", &st2) == 0 && same(&st, &st2),
	      "fstatat AT_FDCWD AT_EMPTY_PATH is the cwd");
	close(fd);
	fd = open("l", O_PATH | O_NOFOLLOW);
	CHECK(fstatat(fd, "", &st, AT_EMPTY_PATH) == 0 && S_ISLNK(st.st_mode),
	      "AT_EMPTY_PATH on O_PATH symlink fd");
	CHECK(fstat(fd, &st) == 0 && S_ISLNK(st.st_mode), "fstat on O_PATH symlink fd");
	close(fd);
	CHECK(fstatat(AT_FDCWD, "/", &st, 0) == 0 && S_ISDIR(st.st_mode) && st.st_ino != 0,
	      "fstatat on /");

	/* Errors. */
	CHECK_ERR(stat("missing", &st), ENOENT, "stat missing fails ENOENT");
	CHECK_ERR(stat("", &st), ENOENT, "stat empty path fails ENOENT");
	CHECK_ERR(stat("f/x", &st), ENOTDIR, "stat below a file fails ENOTDIR");
	CHECK_ERR(stat("f/", &st), ENOTDIR, "stat file with trailing slash fails ENOTDIR");
	CHECK_ERR(lstat("l/", &st), ENOTDIR, "lstat link-to-file with slash fails ENOTDIR");
	CHECK(symlink("nowhere", "dangle") == 0, "dangling symlink");
	CHECK_ERR(stat("dangle", &st), ENOENT, "stat dangling symlink fails ENOENT");
	CHECK(lstat("dangle", &st) == 0 && S_ISLNK(st.st_mode), "lstat dangling symlink works");
	CHECK_ERR(fstat(-1, &st), EBADF, "fstat -1 fails EBADF");
	CHECK_ERR(fstat(999, &st), EBADF, "fstat closed fd fails EBADF");
	CHECK_ERR(syscall(SYS_fstat, 0, (void *)1), EFAULT, "fstat bad buffer fails EFAULT");
	CHECK_ERR(syscall(SYS_stat, "f", (void *)1), EFAULT, "stat bad buffer fails EFAULT");
	CHECK_ERR(syscall(SYS_stat, (void *)1, &st), EFAULT, "stat bad path fails EFAULT");
	CHECK_ERR(syscall(SYS_lstat, (void *)1, &st), EFAULT, "lstat bad path fails EFAULT");
	CHECK_ERR(syscall(SYS_newfstatat, AT_FDCWD, "f", &st, 0x1), EINVAL,
		  "fstatat unknown flag fails EINVAL");
	CHECK_ERR(syscall(SYS_newfstatat, -1, "f", &st, 0), EBADF,
		  "fstatat bad dirfd fails EBADF");
	CHECK_ERR(syscall(SYS_newfstatat, dfd, "", &st, 0), ENOENT,
		  "fstatat empty path without AT_EMPTY_PATH fails ENOENT");
	fd = open("f", O_RDONLY);
	CHECK_ERR(syscall(SYS_newfstatat, fd, "x", &st, 0), ENOTDIR,
		  "fstatat relative to file fd fails ENOTDIR");
	close(fd);
	close(dfd);

	unlink("dangle");
	unlink("d/in");
	unlink("ld");
	unlink("l");
	unlink("f");
	rmdir("d");
	return 0;
}
