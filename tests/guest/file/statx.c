/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * statx(2) via raw syscall (musl 1.2.3 has no wrapper): basic fields agree with
 * fstat, AT_SYMLINK_NOFOLLOW/AT_EMPTY_PATH work, and invalid masks/flags fail.
 */
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "check.h"

struct kstatx_ts {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t pad;
};

struct kstatx {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, pad1;
	uint64_t ino, size, blocks, attributes_mask;
	struct kstatx_ts atime, btime, ctime, mtime;
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t spare[14];
};

#define X_TYPE 0x001U
#define X_MODE 0x002U
#define X_NLINK 0x004U
#define X_UID 0x008U
#define X_GID 0x010U
#define X_ATIME 0x020U
#define X_MTIME 0x040U
#define X_CTIME 0x080U
#define X_INO 0x100U
#define X_SIZE 0x200U
#define X_BLOCKS 0x400U
#define X_BASIC 0x7ffU
#define X_RESERVED 0x80000000U

#define SYNC_FORCE 0x2000
#define SYNC_DONT 0x4000

static long sx(int dfd, const char *path, int flags, unsigned int mask, struct kstatx *b)
{
	memset(b, 0xa5, sizeof(*b));
	return syscall(SYS_statx, dfd, path, flags, mask, b);
}

static int agrees(const struct kstatx *x, const struct stat *st)
{
	return x->ino == st->st_ino && x->mode == st->st_mode && x->nlink == st->st_nlink &&
	       x->uid == st->st_uid && x->gid == st->st_gid && x->size == (uint64_t)st->st_size &&
	       x->blocks == (uint64_t)st->st_blocks && x->blksize == st->st_blksize &&
	       makedev(x->dev_major, x->dev_minor) == st->st_dev &&
	       x->mtime.tv_sec == st->st_mtim.tv_sec &&
	       x->mtime.tv_nsec == (uint32_t)st->st_mtim.tv_nsec &&
	       x->ctime.tv_sec == st->st_ctim.tv_sec;
}

int main(void)
{
	struct kstatx x;
	struct stat st;
	int fd;

	umask(022);
	fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0604);
	CHECK(fd >= 0 && write(fd, "statx!", 6) == 6, "create f");
	CHECK(mkdir("d", 0711) == 0, "mkdir d");
	CHECK(symlink("f", "l") == 0, "symlink l -> f");

	CHECK(sx(AT_FDCWD, "f", 0, X_BASIC, &x) == 0, "statx f");
	CHECK((x.mask & X_BASIC) == X_BASIC, "all basic stats returned");
	CHECK(S_ISREG(x.mode) && (x.mode & 07777) == 0604, "type and mode");
	CHECK(x.size == 6 && x.nlink == 1, "size 6, nlink 1");
	CHECK(x.uid == getuid() && x.gid == getgid(), "uid and gid");
	CHECK(x.mtime.tv_nsec < 1000000000 && x.ctime.tv_nsec < 1000000000,
	      "timestamps have valid nanoseconds");
	CHECK(fstat(fd, &st) == 0 && agrees(&x, &st), "statx agrees with fstat");

	CHECK(sx(AT_FDCWD, "f", 0, X_SIZE, &x) == 0 && x.size == 6 && (x.mask & X_SIZE),
	      "statx with only STATX_SIZE requested");
	CHECK(sx(AT_FDCWD, "f", 0, 0, &x) == 0, "statx with empty mask succeeds");

	CHECK(sx(AT_FDCWD, "d", 0, X_BASIC, &x) == 0 && S_ISDIR(x.mode) &&
		      (x.mode & 07777) == 0711,
	      "statx on directory");
	CHECK(sx(AT_FDCWD, "l", 0, X_BASIC, &x) == 0 && S_ISREG(x.mode), "statx follows symlink");
	CHECK(sx(AT_FDCWD, "l", AT_SYMLINK_NOFOLLOW, X_BASIC, &x) == 0 && S_ISLNK(x.mode) &&
		      x.size == 1,
	      "statx AT_SYMLINK_NOFOLLOW sees the symlink");
	CHECK(lstat("l", &st) == 0 && agrees(&x, &st), "symlink statx agrees with lstat");

	CHECK(write(fd, "more", 4) == 4, "grow f via fd");
	CHECK(sx(fd, "", AT_EMPTY_PATH, X_BASIC, &x) == 0 && x.size == 10 && S_ISREG(x.mode),
	      "statx AT_EMPTY_PATH on fd");
	CHECK(sx(AT_FDCWD, "", AT_EMPTY_PATH, X_BASIC, &x) == 0 && S_ISDIR(x.mode),
	      "statx AT_FDCWD AT_EMPTY_PATH is the cwd");
	CHECK(sx(AT_FDCWD, "f", SYNC_FORCE, X_BASIC, &x) == 0 && x.size == 10,
	      "AT_STATX_FORCE_SYNC accepted");
	CHECK(sx(AT_FDCWD, "f", SYNC_DONT, X_BASIC, &x) == 0, "AT_STATX_DONT_SYNC accepted");
	CHECK(sx(AT_FDCWD, "/dev/null", 0, X_BASIC, &x) == 0 && S_ISCHR(x.mode) &&
		      x.rdev_major == 1 && x.rdev_minor == 3,
	      "statx /dev/null rdev 1:3");

	CHECK_ERR(sx(AT_FDCWD, "f", 0, X_RESERVED, &x), EINVAL,
		  "STATX__RESERVED mask fails EINVAL");
	CHECK_ERR(sx(AT_FDCWD, "f", SYNC_FORCE | SYNC_DONT, X_BASIC, &x), EINVAL,
		  "FORCE_SYNC|DONT_SYNC fails EINVAL");
	CHECK_ERR(sx(AT_FDCWD, "f", 0x1, X_BASIC, &x), EINVAL, "unknown flag fails EINVAL");
	CHECK_ERR(sx(AT_FDCWD, "missing", 0, X_BASIC, &x), ENOENT, "missing file fails ENOENT");
	CHECK_ERR(sx(AT_FDCWD, "", 0, X_BASIC, &x), ENOENT,
		  "empty path without AT_EMPTY_PATH fails ENOENT");
	CHECK_ERR(sx(AT_FDCWD, "f/x", 0, X_BASIC, &x), ENOTDIR, "below a file fails ENOTDIR");
	CHECK_ERR(sx(-1, "f", 0, X_BASIC, &x), EBADF, "bad dirfd fails EBADF");
	CHECK_ERR(sx(-1, "", AT_EMPTY_PATH, X_BASIC, &x), EBADF,
		  "AT_EMPTY_PATH with bad fd fails EBADF");
	CHECK_ERR(syscall(SYS_statx, AT_FDCWD, "f", 0, X_BASIC, (void *)1), EFAULT,
		  "bad buffer fails EFAULT");
	CHECK_ERR(syscall(SYS_statx, AT_FDCWD, (void *)1, 0, X_BASIC, &x), EFAULT,
		  "bad path fails EFAULT");
	close(fd);

	unlink("l");
	unlink("f");
	rmdir("d");
	return 0;
}
