/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * futimesat: microsecond times relative to a directory fd and to AT_FDCWD,
 * NULL times (now), the NULL-path form acting on the fd itself, and the
 * errors: EINVAL for a bad tv_usec, ENOENT, ENOTDIR, EBADF, EFAULT.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static long futimesat_(int dirfd, const char *path, const struct timeval *tv)
{
	return syscall(SYS_futimesat, dirfd, path, tv);
}

static int times_are(int dirfd, const char *p, long as, long ans, long ms, long mns)
{
	struct stat st;

	if (fstatat(dirfd, p, &st, 0) != 0)
		return 0;
	return st.st_atim.tv_sec == as && st.st_atim.tv_nsec == ans && st.st_mtim.tv_sec == ms &&
	       st.st_mtim.tv_nsec == mns;
}

int main(void)
{
	struct timeval tv[2];
	struct timespec t0;
	struct stat st;
	int d, fd;

	CHECK(mkdir("d", 0755) == 0, "mkdir d");
	d = open("d", O_RDONLY | O_DIRECTORY);
	CHECK(d >= 0, "open d");
	fd = openat(d, "f", O_CREAT | O_RDWR, 0644);
	CHECK(fd >= 0, "create d/f");

	tv[0] = (struct timeval){ 1000000000, 123456 };
	tv[1] = (struct timeval){ 1500000000, 999999 };
	CHECK(futimesat_(d, "f", tv) == 0, "futimesat relative to a directory fd");
	CHECK(times_are(d, "f", 1000000000, 123456000, 1500000000, 999999000),
	      "times set, microseconds as nanoseconds");

	tv[0] = (struct timeval){ 7, 0 };
	tv[1] = (struct timeval){ 8, 0 };
	CHECK(futimesat_(AT_FDCWD, "d/f", tv) == 0 && times_are(AT_FDCWD, "d/f", 7, 0, 8, 0),
	      "futimesat relative to AT_FDCWD");

	tv[0] = (struct timeval){ 9, 0 };
	tv[1] = (struct timeval){ 10, 0 };
	CHECK(futimesat_(fd, NULL, tv) == 0 && times_are(d, "f", 9, 0, 10, 0), "NULL path acts on the fd itself");

	clock_gettime(CLOCK_REALTIME, &t0);
	CHECK(futimesat_(d, "f", NULL) == 0, "NULL times");
	CHECK(fstatat(d, "f", &st, 0) == 0 && st.st_mtim.tv_sec >= t0.tv_sec - 1 && st.st_mtim.tv_sec <= t0.tv_sec + 5,
	      "NULL times set the time to now");

	tv[0] = (struct timeval){ 1, 1000000 };
	tv[1] = (struct timeval){ 1, 0 };
	CHECK_ERR(futimesat_(d, "f", tv), EINVAL, "tv_usec 1000000 fails EINVAL");
	tv[0] = (struct timeval){ 1, -1 };
	CHECK_ERR(futimesat_(d, "f", tv), EINVAL, "negative tv_usec fails EINVAL");
	CHECK_ERR(futimesat_(d, "missing", NULL), ENOENT, "missing file fails ENOENT");
	CHECK_ERR(futimesat_(fd, "x", NULL), ENOTDIR, "a file as dirfd fails ENOTDIR");
	CHECK_ERR(futimesat_(99, "f", NULL), EBADF, "bad dirfd fails EBADF");
	CHECK_ERR(futimesat_(AT_FDCWD, NULL, NULL), EFAULT, "NULL path with AT_FDCWD fails EFAULT");
	CHECK_ERR(futimesat_(d, "f", (const struct timeval *)8), EFAULT, "bad times pointer fails EFAULT");

	close(fd);
	close(d);
	CHECK(unlink("d/f") == 0 && rmdir("d") == 0, "clean up");
	return 0;
}
