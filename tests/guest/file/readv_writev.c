/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * readv/writev, preadv/pwritev and preadv2/pwritev2 (raw syscalls): scatter and
 * gather order, zero-length segments, offsets, and iovec validation errors.
 */
#include <fcntl.h>
#include <limits.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include "check.h"

#ifndef RWF_APPEND
#define RWF_APPEND 0x10
#endif

static long preadv2_raw(int fd, const struct iovec *iov, int cnt, long off, int flags)
{
	return syscall(SYS_preadv2, fd, iov, cnt, off, 0L, flags);
}

static long pwritev2_raw(int fd, const struct iovec *iov, int cnt, long off, int flags)
{
	return syscall(SYS_pwritev2, fd, iov, cnt, off, 0L, flags);
}

int main(void)
{
	char a[4], b[8], c[16], buf[64];
	struct iovec iov[4], many[IOV_MAX + 1];
	int fd, p[2], i;

	fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(fd >= 0, "create f");

	iov[0] = (struct iovec){ "Hello", 5 };
	iov[1] = (struct iovec){ NULL, 0 };
	iov[2] = (struct iovec){ ", ", 2 };
	iov[3] = (struct iovec){ "world!", 6 };
	CHECK(writev(fd, iov, 4) == 13, "writev gathers 4 segments (one empty)");
	CHECK(lseek(fd, 0, SEEK_CUR) == 13, "writev advanced offset");
	CHECK(pread(fd, buf, 13, 0) == 13 && memcmp(buf, "Hello, world!", 13) == 0,
	      "writev wrote segments in order");

	CHECK(lseek(fd, 0, SEEK_SET) == 0, "rewind");
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	memset(c, 0, sizeof(c));
	iov[0] = (struct iovec){ a, 3 };
	iov[1] = (struct iovec){ b, 0 };
	iov[2] = (struct iovec){ b, 4 };
	iov[3] = (struct iovec){ c, 16 };
	CHECK(readv(fd, iov, 4) == 13, "readv scatters 13 bytes");
	CHECK(memcmp(a, "Hel", 3) == 0 && memcmp(b, "lo, ", 4) == 0 &&
		      memcmp(c, "world!", 6) == 0,
	      "readv filled segments in order");
	CHECK(readv(fd, iov, 4) == 0, "readv at EOF returns 0");
	CHECK(readv(fd, iov, 0) == 0, "readv with iovcnt 0 returns 0");
	CHECK(writev(fd, iov, 0) == 0, "writev with iovcnt 0 returns 0");

	/* preadv/pwritev do not touch the offset. */
	CHECK(lseek(fd, 1, SEEK_SET) == 1, "seek to 1");
	iov[0] = (struct iovec){ "AB", 2 };
	iov[1] = (struct iovec){ "CD", 2 };
	CHECK(pwritev(fd, iov, 2, 7) == 4, "pwritev at 7");
	CHECK(lseek(fd, 0, SEEK_CUR) == 1, "pwritev left offset at 1");
	iov[0] = (struct iovec){ a, 2 };
	iov[1] = (struct iovec){ b, 3 };
	CHECK(preadv(fd, iov, 2, 6) == 5, "preadv at 6");
	CHECK(memcmp(a, " A", 2) == 0 && memcmp(b, "BCD", 3) == 0, "preadv content");
	CHECK(lseek(fd, 0, SEEK_CUR) == 1, "preadv left offset at 1");
	CHECK(preadv(fd, iov, 2, 100) == 0, "preadv beyond EOF returns 0");

	/* preadv2/pwritev2: offset -1 means "use and advance the file offset". */
	iov[0] = (struct iovec){ a, 4 };
	CHECK(preadv2_raw(fd, iov, 1, -1, 0) == 4 && memcmp(a, "ello", 4) == 0,
	      "preadv2 offset -1 reads at current offset");
	CHECK(lseek(fd, 0, SEEK_CUR) == 5, "preadv2 offset -1 advanced offset");
	CHECK(preadv2_raw(fd, iov, 1, 0, 0) == 4 && memcmp(a, "Hell", 4) == 0,
	      "preadv2 explicit offset 0");
	CHECK(lseek(fd, 0, SEEK_CUR) == 5, "preadv2 explicit offset kept file offset");
	iov[0] = (struct iovec){ "++", 2 };
	CHECK(pwritev2_raw(fd, iov, 1, -1, 0) == 2, "pwritev2 offset -1");
	CHECK(lseek(fd, 0, SEEK_CUR) == 7, "pwritev2 offset -1 advanced offset");
	CHECK(pread(fd, buf, 13, 0) == 13 && memcmp(buf, "Hello++ABCDd!", 13) == 0,
	      "file content after pwritev/pwritev2");
	iov[0] = (struct iovec){ "<>", 2 };
	CHECK(pwritev2_raw(fd, iov, 1, 0, RWF_APPEND) == 2, "pwritev2 RWF_APPEND");
	CHECK(pread(fd, buf, 15, 0) == 15 && memcmp(buf, "Hello++ABCDd!<>", 15) == 0,
	      "RWF_APPEND wrote at end of file");
	CHECK_ERR(preadv2_raw(fd, iov, 1, 0, 0x40000000), EOPNOTSUPP,
		  "preadv2 with unknown flag fails EOPNOTSUPP");
	CHECK_ERR(preadv2_raw(fd, iov, 1, -2, 0), EINVAL, "preadv2 offset -2 fails EINVAL");

	/* iovec validation. */
	iov[0] = (struct iovec){ a, 4 };
	CHECK_ERR(syscall(SYS_readv, fd, iov, -1), EINVAL, "readv iovcnt -1 fails EINVAL");
	for (i = 0; i <= IOV_MAX; i++)
		many[i] = (struct iovec){ a, 0 };
	CHECK_ERR(readv(fd, many, IOV_MAX + 1), EINVAL, "readv iovcnt IOV_MAX+1 fails EINVAL");
	CHECK(lseek(fd, 0, SEEK_SET) == 0, "rewind");
	many[IOV_MAX - 1].iov_len = 1;
	CHECK(readv(fd, many, IOV_MAX) == 1, "readv with IOV_MAX segments works");
	CHECK_ERR(syscall(SYS_readv, fd, (void *)1, 1), EFAULT, "readv bad iov array fails EFAULT");
	iov[0] = (struct iovec){ (void *)1, 4 };
	CHECK_ERR(syscall(SYS_writev, fd, iov, 1), EFAULT, "writev bad buffer fails EFAULT");
	iov[0] = (struct iovec){ a, (size_t)-1 };
	CHECK_ERR(syscall(SYS_readv, fd, iov, 1), EINVAL, "readv negative length fails EINVAL");
	iov[0] = (struct iovec){ a, 4 };
	CHECK_ERR(preadv(fd, iov, 1, -1), EINVAL, "preadv negative offset fails EINVAL");
	CHECK_ERR(readv(-1, iov, 1), EBADF, "readv bad fd fails EBADF");
	close(fd);

	/* Pipes: writev gathers, preadv is ESPIPE. */
	CHECK(pipe(p) == 0, "pipe");
	iov[0] = (struct iovec){ "pi", 2 };
	iov[1] = (struct iovec){ "pe", 2 };
	CHECK(writev(p[1], iov, 2) == 4, "writev to pipe");
	iov[0] = (struct iovec){ a, 1 };
	iov[1] = (struct iovec){ b, 8 };
	CHECK(readv(p[0], iov, 2) == 4 && a[0] == 'p' && memcmp(b, "ipe", 3) == 0,
	      "readv from pipe");
	CHECK_ERR(preadv(p[0], iov, 2, 0), ESPIPE, "preadv on pipe fails ESPIPE");
	iov[0] = (struct iovec){ "x", 1 };
	CHECK(pwritev2_raw(p[1], iov, 1, -1, 0) == 1, "pwritev2 offset -1 on a pipe works");
	close(p[0]);
	close(p[1]);

	unlink("f");
	return 0;
}
