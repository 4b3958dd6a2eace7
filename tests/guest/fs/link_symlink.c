/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * link/linkat, symlink/symlinkat, readlink/readlinkat: link counts, symlink
 * contents and truncation, the 40-link ELOOP limit, and the error numbers.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
	struct stat st, st2;
	char buf[256], name[32], target[32];
	int fd, dfd, i;
	ssize_t n;

	fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(fd >= 0 && write(fd, "data", 4) == 4, "create f");
	CHECK(mkdir("d", 0755) == 0, "mkdir d");

	/* Hard links. */
	CHECK(link("f", "h") == 0, "link f h");
	CHECK(stat("f", &st) == 0 && stat("h", &st2) == 0 && st.st_ino == st2.st_ino &&
		      st.st_dev == st2.st_dev,
	      "same inode");
	CHECK(st.st_nlink == 2, "nlink is 2");
	CHECK(link("h", "d/h2") == 0 && stat("f", &st) == 0 && st.st_nlink == 3,
	      "link into a subdirectory, nlink 3");
	CHECK(pwrite(fd, "DATA", 4, 0) == 4, "write through f");
	{
		int h = open("d/h2", O_RDONLY);

		CHECK(read(h, buf, 4) == 4 && memcmp(buf, "DATA", 4) == 0, "visible through link");
		close(h);
	}
	CHECK_ERR(link("f", "h"), EEXIST, "link to existing name fails EEXIST");
	CHECK_ERR(link("missing", "x"), ENOENT, "link missing source fails ENOENT");
	CHECK_ERR(link("f", "missing/x"), ENOENT, "link into missing dir fails ENOENT");
	CHECK_ERR(link("d", "dlink"), EPERM, "link a directory fails EPERM");
	CHECK_ERR(link("f", "f/x"), ENOTDIR, "link below a file fails ENOTDIR");
	CHECK_ERR(link("f/", "x"), ENOTDIR, "link source with slash fails ENOTDIR");
	CHECK_ERR(link("", "x"), ENOENT, "link empty source fails ENOENT");
	CHECK_ERR(syscall(SYS_link, (char *)1, "x"), EFAULT, "link bad pointer fails EFAULT");

	/* Symlinks. */
	CHECK(symlink("f", "s") == 0, "symlink s -> f");
	n = readlink("s", buf, sizeof(buf));
	CHECK(n == 1 && buf[0] == 'f', "readlink returns length 1 and no NUL");
	CHECK(lstat("s", &st) == 0 && S_ISLNK(st.st_mode) && st.st_size == 1, "lstat size 1");
	CHECK(symlink("some/longer/target", "long") == 0, "symlink with a longer target");
	memset(buf, '#', sizeof(buf));
	n = readlink("long", buf, 4);
	CHECK(n == 4 && memcmp(buf, "some#", 5) == 0, "small buffer truncates silently");
	CHECK(readlink("long", buf, sizeof(buf)) == 18, "full length 18");
	CHECK_ERR(readlink("f", buf, sizeof(buf)), EINVAL, "readlink on a file fails EINVAL");
	CHECK_ERR(readlink("d", buf, sizeof(buf)), EINVAL, "readlink on a dir fails EINVAL");
	CHECK_ERR(readlink("missing", buf, sizeof(buf)), ENOENT, "readlink missing fails ENOENT");
	/* musl's readlink substitutes a 1-byte buffer for size 0, so go raw. */
	CHECK_ERR(syscall(SYS_readlink, "s", buf, 0), EINVAL, "readlink bufsiz 0 fails EINVAL");
	CHECK_ERR(syscall(SYS_readlink, "s", (void *)1, 10), EFAULT,
		  "readlink bad buffer fails EFAULT");
	CHECK_ERR(symlink("f", "s"), EEXIST, "symlink over existing fails EEXIST");
	CHECK_ERR(symlink("", "empty"), ENOENT, "symlink with empty target fails ENOENT");
	CHECK_ERR(symlink("f", "missing/x"), ENOENT, "symlink in missing dir fails ENOENT");
	CHECK(symlink("/", "abs") == 0 && stat("abs", &st) == 0 && S_ISDIR(st.st_mode),
	      "absolute symlink to /");
	CHECK(symlink("../f", "d/up") == 0, "relative symlink with ..");
	fd = open("d/up", O_RDONLY);
	CHECK(fd >= 0 && read(fd, buf, 4) == 4, "relative target resolves from the link's dir");
	close(fd);
	CHECK(symlink("d", "sd") == 0 && stat("sd/h2", &st) == 0, "symlink to directory");

	/* symlinkat / readlinkat. */
	dfd = open("d", O_RDONLY | O_DIRECTORY);
	CHECK(symlinkat("h2", dfd, "s2") == 0, "symlinkat relative to dirfd");
	CHECK(readlinkat(dfd, "s2", buf, sizeof(buf)) == 2 && memcmp(buf, "h2", 2) == 0,
	      "readlinkat relative to dirfd");
	fd = openat(dfd, "s2", O_PATH | O_NOFOLLOW);
	CHECK(readlinkat(fd, "", buf, sizeof(buf)) == 2, "readlinkat empty path on O_PATH link fd");
	close(fd);

	/* linkat flags. */
	CHECK(linkat(AT_FDCWD, "s", dfd, "s_nofollow", 0) == 0 &&
		      lstat("d/s_nofollow", &st) == 0 && S_ISLNK(st.st_mode),
	      "linkat without AT_SYMLINK_FOLLOW links the symlink itself");
	CHECK(linkat(AT_FDCWD, "s", dfd, "s_follow", AT_SYMLINK_FOLLOW) == 0 &&
		      lstat("d/s_follow", &st) == 0 && S_ISREG(st.st_mode),
	      "linkat AT_SYMLINK_FOLLOW links the target");
	fd = open("f", O_RDONLY);
	CHECK(linkat(fd, "", dfd, "by_fd", AT_EMPTY_PATH) == 0 && stat("d/by_fd", &st) == 0 &&
		      stat("f", &st2) == 0 && st.st_ino == st2.st_ino,
	      "linkat AT_EMPTY_PATH links an open file");
	close(fd);
	CHECK_ERR(linkat(AT_FDCWD, "f", dfd, "x", 0x1), EINVAL, "linkat bad flag fails EINVAL");
	close(dfd);

	/* Loops and the 40-link limit. */
	CHECK(symlink("loop2", "loop1") == 0 && symlink("loop1", "loop2") == 0, "a loop");
	CHECK_ERR(stat("loop1", &st), ELOOP, "stat loop fails ELOOP");
	CHECK_ERR(open("loop1", O_RDONLY), ELOOP, "open loop fails ELOOP");
	CHECK(lstat("loop1", &st) == 0 && S_ISLNK(st.st_mode), "lstat of a loop works");
	CHECK(symlink("self", "self") == 0, "self-referencing link");
	CHECK_ERR(stat("self/x", &st), ELOOP, "self loop in middle of path fails ELOOP");
	for (i = 1; i <= 41; i++) {
		snprintf(name, sizeof(name), "c%d", i);
		if (i == 41)
			snprintf(target, sizeof(target), "f");
		else
			snprintf(target, sizeof(target), "c%d", i + 1);
		symlink(target, name);
	}
	CHECK(stat("c2", &st) == 0 && S_ISREG(st.st_mode), "chain of 40 links resolves");
	CHECK_ERR(stat("c1", &st), ELOOP, "chain of 41 links fails ELOOP");
	for (i = 1; i <= 41; i++) {
		snprintf(name, sizeof(name), "c%d", i);
		unlink(name);
	}

	unlink("self");
	unlink("loop1");
	unlink("loop2");
	unlink("d/by_fd");
	unlink("d/s_follow");
	unlink("d/s_nofollow");
	unlink("d/s2");
	unlink("d/up");
	unlink("d/h2");
	unlink("sd");
	unlink("abs");
	unlink("long");
	unlink("s");
	unlink("h");
	unlink("f");
	rmdir("d");
	return 0;
}
