/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * Extreme numbers from a guest get Linux's errno, never an overflow in ukern:
 * lock ranges at the int64 limits (EOVERFLOW/EINVAL) and a vmsplice iovec
 * whose length is negative as ssize_t (EINVAL) or far larger than the memory
 * behind it (EFAULT, not an allocation of that size).
 */
#include <fcntl.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include "check.h"

static int lk(int fd, int cmd, short whence, int64_t start, int64_t len)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = whence, .l_start = start, .l_len = len };

	return fcntl(fd, cmd, &fl);
}

int main(void)
{
	char buf[16] = "0123456789abcdef";
	struct iovec iov[2];
	int fd, p[2];

	fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(fd >= 0 && write(fd, "abc", 3) == 3, "a file");
	CHECK_ERR(lk(fd, F_SETLK, SEEK_SET, INT64_MAX, INT64_MAX), EOVERFLOW, "start and length at INT64_MAX: EOVERFLOW");
	CHECK_ERR(lk(fd, F_SETLK, SEEK_END, INT64_MAX, 10), EOVERFLOW, "SEEK_END + INT64_MAX: EOVERFLOW");
	CHECK_ERR(lk(fd, F_SETLK, SEEK_SET, 10, INT64_MIN), EINVAL, "length INT64_MIN: EINVAL");
	CHECK_ERR(lk(fd, F_GETLK, SEEK_CUR, INT64_MIN, -1), EINVAL, "start INT64_MIN: EINVAL");
	CHECK(lk(fd, F_SETLK, SEEK_SET, INT64_MAX, 1) == 0, "a lock on the very last byte");
	CHECK(lk(fd, F_SETLK, SEEK_SET, INT64_MAX - 9, 0) == 0, "a lock from near the end to EOF-forever");

	CHECK(pipe2(p, O_NONBLOCK) == 0, "a non-blocking pipe");
	iov[0] = (struct iovec){ buf, 4 };
	iov[1] = (struct iovec){ buf, (size_t)INT64_MAX + 10 };
	CHECK_ERR(syscall(SYS_vmsplice, p[1], iov, 2, 0), EINVAL, "iov_len negative as ssize_t: EINVAL");
	iov[0] = (struct iovec){ (void *)4096, (size_t)1 << 40 };
	CHECK_ERR(syscall(SYS_vmsplice, p[1], iov, 1, 0), EFAULT, "1 TiB from an unmapped address: EFAULT");
	iov[0] = (struct iovec){ buf, 16 };
	CHECK(syscall(SYS_vmsplice, p[1], iov, 1, 0) == 16, "an ordinary vmsplice still works");
	CHECK(read(p[0], buf, 16) == 16 && buf[15] == 'f', "and the pipe holds the bytes");
	close(fd);
	CHECK(unlink("f") == 0, "clean up");
	return 0;
}
