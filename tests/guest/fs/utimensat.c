/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * utimensat/futimens/utimes/utime: explicit times, UTIME_NOW and UTIME_OMIT,
 * AT_SYMLINK_NOFOLLOW, the NULL-path fd form, and EINVAL/ENOENT/EFAULT/EBADF.
 * Only facts are printed, never the times themselves.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <utime.h>
#include <unistd.h>
#include "check.h"

static struct stat st;

static int times_are(const char *p, long as, long ans, long ms, long mns)
{
	if (lstat(p, &st) != 0)
		return 0;
	return st.st_atim.tv_sec == as && st.st_atim.tv_nsec == ans && st.st_mtim.tv_sec == ms &&
	       st.st_mtim.tv_nsec == mns;
}

/* Is t within the interval [a - 1s, b + 1s]? */
static int recent(const struct timespec *t, const struct timespec *a, const struct timespec *b)
{
	return t->tv_sec >= a->tv_sec - 1 && t->tv_sec <= b->tv_sec + 1;
}

int main(void)
{
	struct timespec ts[2], t0, t1;
	struct timeval tv[2];
	struct utimbuf ub;
	int fd;

	fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(fd >= 0, "create f");
	CHECK(symlink("f", "l") == 0, "symlink l -> f");

	ts[0] = (struct timespec){ 1000000000, 123456789 };
	ts[1] = (struct timespec){ 1500000000, 987654321 };
	CHECK(utimensat(AT_FDCWD, "f", ts, 0) == 0, "utimensat explicit times");
	CHECK(times_are("f", 1000000000, 123456789, 1500000000, 987654321),
	      "atime and mtime set exactly, with nanoseconds");

	ts[0] = (struct timespec){ 0, UTIME_OMIT };
	ts[1] = (struct timespec){ 1600000000, 0 };
	CHECK(utimensat(AT_FDCWD, "f", ts, 0) == 0, "UTIME_OMIT for atime");
	CHECK(times_are("f", 1000000000, 123456789, 1600000000, 0), "atime untouched, mtime set");

	ts[0] = (struct timespec){ 1700000000, 5 };
	ts[1] = (struct timespec){ 12345, UTIME_OMIT };
	CHECK(utimensat(AT_FDCWD, "f", ts, 0) == 0 && times_are("f", 1700000000, 5, 1600000000, 0),
	      "UTIME_OMIT for mtime ignores tv_sec");

	ts[0] = (struct timespec){ 0, UTIME_OMIT };
	ts[1] = (struct timespec){ 0, UTIME_OMIT };
	CHECK(utimensat(AT_FDCWD, "f", ts, 0) == 0 && times_are("f", 1700000000, 5, 1600000000, 0),
	      "both UTIME_OMIT changes nothing");

	clock_gettime(CLOCK_REALTIME, &t0);
	ts[0] = (struct timespec){ 0, UTIME_OMIT };
	ts[1] = (struct timespec){ 0, UTIME_NOW };
	CHECK(utimensat(AT_FDCWD, "f", ts, 0) == 0, "UTIME_NOW for mtime");
	clock_gettime(CLOCK_REALTIME, &t1);
	CHECK(lstat("f", &st) == 0 && recent(&st.st_mtim, &t0, &t1), "mtime is now");
	CHECK(st.st_atim.tv_sec == 1700000000 && st.st_atim.tv_nsec == 5, "atime still omitted");
	CHECK(recent(&st.st_ctim, &t0, &t1), "ctime is now");

	ts[0] = (struct timespec){ 1, 0 };
	ts[1] = (struct timespec){ 2, 0 };
	CHECK(utimensat(AT_FDCWD, "f", ts, 0) == 0 && times_are("f", 1, 0, 2, 0),
	      "reset to 1 and 2");
	clock_gettime(CLOCK_REALTIME, &t0);
	CHECK(utimensat(AT_FDCWD, "f", NULL, 0) == 0, "NULL times");
	clock_gettime(CLOCK_REALTIME, &t1);
	CHECK(lstat("f", &st) == 0 && recent(&st.st_atim, &t0, &t1) &&
		      recent(&st.st_mtim, &t0, &t1),
	      "NULL times sets both to now");

	/* Symlinks. */
	ts[0] = (struct timespec){ 111, 0 };
	ts[1] = (struct timespec){ 222, 0 };
	CHECK(utimensat(AT_FDCWD, "l", ts, 0) == 0 && times_are("f", 111, 0, 222, 0),
	      "utimensat follows symlinks");
	ts[0] = (struct timespec){ 333, 0 };
	ts[1] = (struct timespec){ 444, 0 };
	CHECK(utimensat(AT_FDCWD, "l", ts, AT_SYMLINK_NOFOLLOW) == 0 &&
		      times_are("l", 333, 0, 444, 0),
	      "AT_SYMLINK_NOFOLLOW sets the link's times");
	CHECK(times_are("f", 111, 0, 222, 0), "target unchanged");

	/* fd forms. */
	ts[0] = (struct timespec){ 555, 1 };
	ts[1] = (struct timespec){ 666, 2 };
	CHECK(futimens(fd, ts) == 0 && times_are("f", 555, 1, 666, 2), "futimens");
	ts[0] = (struct timespec){ 777, 0 };
	CHECK(syscall(SYS_utimensat, fd, NULL, ts, 0) == 0 && times_are("f", 777, 0, 666, 2),
	      "utimensat(fd, NULL, ...) acts on the fd");
	ts[0] = (struct timespec){ 888, 0 };
	CHECK(utimensat(fd, "", ts, AT_EMPTY_PATH) == 0 && times_are("f", 888, 0, 666, 2),
	      "utimensat AT_EMPTY_PATH");

	/* Legacy calls. */
	tv[0] = (struct timeval){ 1000, 500 };
	tv[1] = (struct timeval){ 2000, 750 };
	CHECK(syscall(SYS_utimes, "f", tv) == 0 && times_are("f", 1000, 500000, 2000, 750000),
	      "utimes takes microseconds");
	ub = (struct utimbuf){ 3000, 4000 };
	CHECK(syscall(SYS_utime, "f", &ub) == 0 && times_are("f", 3000, 0, 4000, 0),
	      "utime takes seconds");
	CHECK(utimes("f", tv) == 0 && times_are("f", 1000, 500000, 2000, 750000), "libc utimes");
	tv[0] = (struct timeval){ 1, 1000000 };
	CHECK_ERR(syscall(SYS_utimes, "f", tv), EINVAL, "utimes tv_usec 1000000 fails EINVAL");

	/* Errors. */
	ts[0] = (struct timespec){ 0, 1000000000 };
	ts[1] = (struct timespec){ 0, 0 };
	CHECK_ERR(utimensat(AT_FDCWD, "f", ts, 0), EINVAL, "tv_nsec 1e9 fails EINVAL");
	ts[0] = (struct timespec){ 0, -1 };
	CHECK_ERR(utimensat(AT_FDCWD, "f", ts, 0), EINVAL, "negative tv_nsec fails EINVAL");
	ts[0] = (struct timespec){ 0, 0 };
	CHECK_ERR(utimensat(AT_FDCWD, "f", ts, 0x1), EINVAL, "unknown flag fails EINVAL");
	CHECK_ERR(utimensat(AT_FDCWD, "missing", ts, 0), ENOENT, "missing file fails ENOENT");
	CHECK_ERR(utimensat(AT_FDCWD, "f/x", ts, 0), ENOTDIR, "below a file fails ENOTDIR");
	CHECK_ERR(syscall(SYS_utimensat, AT_FDCWD, "f", (void *)1, 0), EFAULT,
		  "bad times pointer fails EFAULT");
	CHECK_ERR(syscall(SYS_utimensat, -1, NULL, ts, 0), EBADF,
		  "NULL path with bad fd fails EBADF");
	CHECK_ERR(futimens(-1, ts), EBADF, "futimens bad fd fails EBADF");
	CHECK_ERR(syscall(SYS_utimensat, AT_FDCWD, NULL, ts, 0), EFAULT,
		  "NULL path with AT_FDCWD fails EFAULT");

	close(fd);
	unlink("l");
	unlink("f");
	return 0;
}
