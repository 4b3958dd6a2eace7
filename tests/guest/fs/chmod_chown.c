/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * chmod/fchmod/fchmodat and chown/fchown/lchown/fchownat as root: mode bits,
 * symlink handling, set-id bits cleared by chown, and the error numbers.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

static unsigned int mode_of(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 ? st.st_mode & 07777 : 0xffffffff;
}

int main(void)
{
	struct stat st;
	int fd, dfd;

	fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0600);
	CHECK(fd >= 0, "create f");
	CHECK(mkdir("d", 0755) == 0, "mkdir d");
	CHECK(symlink("f", "l") == 0, "symlink l -> f");

	/* chmod family. */
	CHECK(chmod("f", 0644) == 0 && mode_of("f") == 0644, "chmod 0644");
	CHECK(chmod("f", 0) == 0 && mode_of("f") == 0, "chmod 0");
	CHECK(chmod("f", 07777) == 0 && mode_of("f") == 07777, "chmod 07777 sets all bits");
	CHECK(chmod("f", 0170644) == 0 && mode_of("f") == 0644, "file type bits are ignored");
	CHECK(fstat(fd, &st) == 0 && S_ISREG(st.st_mode), "still a regular file");
	CHECK(fchmod(fd, 0640) == 0 && mode_of("f") == 0640, "fchmod");
	CHECK(chmod("l", 0604) == 0 && mode_of("f") == 0604, "chmod follows symlinks");
	CHECK(lstat("l", &st) == 0 && (st.st_mode & 0777) == 0777, "symlink mode stays 0777");
	dfd = open("d", O_RDONLY | O_DIRECTORY);
	CHECK(fchmodat(AT_FDCWD, "d", 0700, 0) == 0 && mode_of("d") == 0700, "fchmodat on dir");
	CHECK(fchmod(dfd, 01777) == 0 && mode_of("d") == 01777, "fchmod dir fd with sticky bit");
	CHECK(syscall(SYS_fchmodat, dfd, "..", 0755) == 0, "raw fchmodat relative to dirfd");
	CHECK_ERR(chmod("missing", 0644), ENOENT, "chmod missing fails ENOENT");
	CHECK_ERR(chmod("f/x", 0644), ENOTDIR, "chmod below a file fails ENOTDIR");
	CHECK_ERR(fchmod(-1, 0644), EBADF, "fchmod bad fd fails EBADF");
	CHECK_ERR(syscall(SYS_chmod, (char *)1, 0644), EFAULT, "chmod bad pointer fails EFAULT");
	CHECK_ERR(syscall(SYS_fchmodat, -1, "f", 0644), EBADF, "fchmodat bad dirfd fails EBADF");
	{
		int pfd = open("f", O_PATH);

		/* musl's fchmod retries EBADF through /proc/self/fd, so go raw. */
		CHECK_ERR(syscall(SYS_fchmod, pfd, 0644), EBADF, "fchmod on O_PATH fd fails EBADF");
		CHECK(fchmodat(AT_FDCWD, "f", 0600, 0) == 0 && mode_of("f") == 0600,
		      "fchmodat with no flags");
		close(pfd);
	}

	/* chown family: root may give files away. */
	CHECK(chmod("f", 06755) == 0 && mode_of("f") == 06755, "set setuid+setgid");
	CHECK(chown("f", 1234, 5678) == 0, "chown to 1234:5678");
	CHECK(stat("f", &st) == 0 && st.st_uid == 1234 && st.st_gid == 5678, "owner changed");
	CHECK(mode_of("f") == 0755, "chown cleared setuid and setgid on an executable");
	CHECK(chmod("f", 02644) == 0 && chown("f", 1234, 5678) == 0 && mode_of("f") == 02644,
	      "setgid without group-exec survives chown");
	CHECK(chown("f", -1, -1) == 0 && stat("f", &st) == 0 && st.st_uid == 1234 &&
		      st.st_gid == 5678,
	      "chown -1 -1 changes nothing");
	CHECK(fchown(fd, 4321, -1) == 0 && fstat(fd, &st) == 0 && st.st_uid == 4321 &&
		      st.st_gid == 5678,
	      "fchown uid only");
	CHECK(chown("l", 0, 0) == 0 && stat("f", &st) == 0 && st.st_uid == 0 && st.st_gid == 0,
	      "chown follows symlinks");
	CHECK(lchown("l", 77, 88) == 0 && lstat("l", &st) == 0 && st.st_uid == 77 &&
		      st.st_gid == 88,
	      "lchown changes the symlink");
	CHECK(stat("f", &st) == 0 && st.st_uid == 0, "but not its target");
	CHECK(fchownat(AT_FDCWD, "l", 99, 99, AT_SYMLINK_NOFOLLOW) == 0 && lstat("l", &st) == 0 &&
		      st.st_uid == 99,
	      "fchownat AT_SYMLINK_NOFOLLOW");
	CHECK(fchownat(dfd, "", 11, 22, AT_EMPTY_PATH) == 0 && stat("d", &st) == 0 &&
		      st.st_uid == 11 && st.st_gid == 22,
	      "fchownat AT_EMPTY_PATH on a dir fd");
	CHECK_ERR(fchownat(AT_FDCWD, "f", 0, 0, 0x1), EINVAL, "fchownat bad flag fails EINVAL");
	CHECK_ERR(chown("missing", 0, 0), ENOENT, "chown missing fails ENOENT");
	CHECK_ERR(fchown(-1, 0, 0), EBADF, "fchown bad fd fails EBADF");
	CHECK_ERR(syscall(SYS_chown, (char *)1, 0, 0), EFAULT, "chown bad pointer fails EFAULT");

	/* Files created by root get uid 0 whatever the directory owner. */
	close(open("d/new", O_CREAT | O_WRONLY, 0644));
	CHECK(stat("d/new", &st) == 0 && st.st_uid == 0, "new file in chowned dir owned by root");
	CHECK(chown("d", 0, 0) == 0, "chown d back to root");

	close(dfd);
	close(fd);
	unlink("d/new");
	rmdir("d");
	unlink("l");
	unlink("f");
	return 0;
}
