/* tags: proc */
/* SPDX-License-Identifier: MIT */
/*
 * openat2(2) via raw syscall: struct open_how validation (size, flags, mode,
 * resolve bits) and the RESOLVE_BENEATH/IN_ROOT/NO_SYMLINKS/NO_MAGICLINKS rules.
 */
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

struct how {
	uint64_t flags;
	uint64_t mode;
	uint64_t resolve;
};

struct how_big {
	struct how h;
	uint64_t extra;
};

#define R_NO_XDEV 0x01
#define R_NO_MAGICLINKS 0x02
#define R_NO_SYMLINKS 0x04
#define R_BENEATH 0x08
#define R_IN_ROOT 0x10

static long oa2(int dfd, const char *path, uint64_t flags, uint64_t mode, uint64_t resolve)
{
	struct how h = { flags, mode, resolve };

	return syscall(SYS_openat2, dfd, path, &h, sizeof(h));
}

/* Opens path with openat2 and returns 1 if it is the same file as want. */
static int same_as(int dfd, const char *path, uint64_t resolve, const char *want)
{
	struct stat a, b;
	int fd = oa2(dfd, path, O_RDONLY, 0, resolve);
	int ok;

	if (fd < 0)
		return 0;
	ok = fstat(fd, &a) == 0 && stat(want, &b) == 0 && a.st_ino == b.st_ino &&
	     a.st_dev == b.st_dev;
	close(fd);
	return ok;
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

int main(void)
{
	struct how h;
	struct how_big hb;
	char path[64];
	int root, fd, ffd;

	mkdir("root", 0755);
	mkdir("root/sub", 0755);
	mkfile("root/a", "inside");
	mkfile("outside", "outside");
	mkfile("root/sub/b", "b");
	symlink("/a", "root/abs");
	symlink("../a", "root/sub/up");
	symlink("../../outside", "root/sub/escape");
	symlink("sub", "root/sublink");
	root = open("root", O_PATH | O_DIRECTORY);
	CHECK(root >= 0, "open root dirfd");

	/* Basic usage and struct validation. */
	fd = oa2(root, "a", O_RDONLY, 0, 0);
	CHECK(fd >= 0, "openat2 plain open");
	close(fd);
	fd = oa2(root, "new", O_CREAT | O_WRONLY | O_EXCL, 0600, 0);
	CHECK(fd >= 0, "openat2 O_CREAT with mode");
	close(fd);
	CHECK_ERR(oa2(root, "new", O_CREAT | O_WRONLY | O_EXCL, 0600, 0), EEXIST,
		  "openat2 O_EXCL on existing file fails EEXIST");
	CHECK_ERR(oa2(root, "a", O_RDONLY, 0644, 0), EINVAL, "mode without O_CREAT fails EINVAL");
	CHECK_ERR(oa2(root, "x", O_CREAT | O_WRONLY, 010000, 0), EINVAL,
		  "mode with bits above 07777 fails EINVAL");
	CHECK_ERR(oa2(root, "a", O_RDONLY | 0x80000000u, 0, 0), EINVAL,
		  "unknown open flag fails EINVAL (unlike openat)");
	CHECK_ERR(oa2(root, "a", O_RDONLY, 0, 0x1000), EINVAL, "unknown resolve bit fails EINVAL");
	CHECK_ERR(oa2(root, "a", O_RDONLY, 0, R_BENEATH | R_IN_ROOT), EINVAL,
		  "RESOLVE_BENEATH|RESOLVE_IN_ROOT fails EINVAL");
	h = (struct how){ O_RDONLY, 0, 0 };
	CHECK_ERR(syscall(SYS_openat2, root, "a", &h, 8), EINVAL, "size below 24 fails EINVAL");
	CHECK_ERR(syscall(SYS_openat2, root, "a", (void *)1, sizeof(h)), EFAULT,
		  "bad how pointer fails EFAULT");
	hb = (struct how_big){ { O_RDONLY, 0, 0 }, 0 };
	fd = syscall(SYS_openat2, root, "a", &hb, sizeof(hb));
	CHECK(fd >= 0, "larger struct with zeroed tail is accepted");
	close(fd);
	hb.extra = 1;
	CHECK_ERR(syscall(SYS_openat2, root, "a", &hb, sizeof(hb)), E2BIG,
		  "larger struct with nonzero tail fails E2BIG");
	CHECK_ERR(oa2(-1, "a", O_RDONLY, 0, 0), EBADF, "bad dirfd fails EBADF");

	fd = oa2(root, "a", O_RDWR | O_APPEND, 0, 0);
	CHECK(fd >= 0 && (fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND)) == (O_RDWR | O_APPEND),
	      "F_GETFL reflects openat2 flags");
	close(fd);

	/* RESOLVE_BENEATH. */
	CHECK(same_as(root, "sub/b", R_BENEATH, "root/sub/b"), "BENEATH allows paths below");
	CHECK(same_as(root, "sub/../a", R_BENEATH, "root/a"),
	      "BENEATH allows .. that stays inside");
	CHECK(same_as(root, "sub/up", R_BENEATH, "root/a"),
	      "BENEATH allows relative symlink that stays inside");
	CHECK_ERR(oa2(root, "../outside", O_RDONLY, 0, R_BENEATH), EXDEV,
		  "BENEATH rejects .. escaping with EXDEV");
	CHECK_ERR(oa2(root, "/etc", O_RDONLY, 0, R_BENEATH), EXDEV,
		  "BENEATH rejects absolute path with EXDEV");
	CHECK_ERR(oa2(root, "abs", O_RDONLY, 0, R_BENEATH), EXDEV,
		  "BENEATH rejects absolute symlink with EXDEV");
	CHECK_ERR(oa2(root, "sub/escape", O_RDONLY, 0, R_BENEATH), EXDEV,
		  "BENEATH rejects escaping symlink with EXDEV");

	/* RESOLVE_IN_ROOT. */
	CHECK(same_as(root, "/a", R_IN_ROOT, "root/a"), "IN_ROOT maps / to dirfd");
	CHECK(same_as(root, "../../a", R_IN_ROOT, "root/a"), "IN_ROOT clamps .. at dirfd");
	CHECK(same_as(root, "abs", R_IN_ROOT, "root/a"),
	      "IN_ROOT resolves absolute symlink inside");
	CHECK_ERR(oa2(root, "sub/escape", O_RDONLY, 0, R_IN_ROOT), ENOENT,
		  "IN_ROOT: escaping symlink resolves inside (and is missing)");
	CHECK(same_as(root, "/sub/../../sub/b", R_IN_ROOT, "root/sub/b"),
	      "IN_ROOT with mixed / and ..");

	/* RESOLVE_NO_SYMLINKS. */
	CHECK_ERR(oa2(root, "sublink/b", O_RDONLY, 0, R_NO_SYMLINKS), ELOOP,
		  "NO_SYMLINKS rejects symlink in path with ELOOP");
	CHECK_ERR(oa2(root, "sub/up", O_RDONLY, 0, R_NO_SYMLINKS), ELOOP,
		  "NO_SYMLINKS rejects final symlink with ELOOP");
	fd = oa2(root, "sub/up", O_PATH | O_NOFOLLOW, 0, R_NO_SYMLINKS);
	CHECK(fd >= 0, "NO_SYMLINKS allows O_PATH|O_NOFOLLOW of a symlink");
	close(fd);
	CHECK(same_as(root, "sub/b", R_NO_SYMLINKS, "root/sub/b"),
	      "NO_SYMLINKS allows symlink-free path");

	/* RESOLVE_NO_MAGICLINKS. */
	ffd = open("outside", O_RDONLY);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", ffd);
	fd = oa2(AT_FDCWD, path, O_RDONLY, 0, 0);
	CHECK(fd >= 0, "open via /proc/self/fd magic link");
	close(fd);
	CHECK_ERR(oa2(AT_FDCWD, path, O_RDONLY, 0, R_NO_MAGICLINKS), ELOOP,
		  "NO_MAGICLINKS rejects /proc/self/fd/N with ELOOP");
	CHECK(same_as(root, "sub/up", R_NO_MAGICLINKS, "root/a"),
	      "NO_MAGICLINKS still follows ordinary symlinks");
	CHECK(same_as(AT_FDCWD, "root/a", R_NO_XDEV, "root/a"), "NO_XDEV on a same-mount path");
	close(ffd);

	close(root);
	unlink("root/sub/up");
	unlink("root/sub/escape");
	unlink("root/sub/b");
	rmdir("root/sub");
	unlink("root/sublink");
	unlink("root/abs");
	unlink("root/a");
	unlink("root/new");
	rmdir("root");
	unlink("outside");
	return 0;
}
