/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * readahead: 0 for a readable regular file (any range), EBADF for a bad,
 * write-only or O_PATH fd, EINVAL for a pipe, a directory and a character device.
 */
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

static long ra(int fd, long off, unsigned long n)
{
	return syscall(SYS_readahead, fd, off, n);
}

int main(void)
{
	int fd, w, p[2], d, o, n;

	fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(fd >= 0 && write(fd, "hello", 5) == 5, "a file with data");
	CHECK(ra(fd, 0, 5) == 0, "readahead of the file: 0");
	CHECK(ra(fd, 1 << 20, 1 << 20) == 0, "past the end: 0");
	CHECK(ra(fd, 0, 0) == 0, "zero length: 0");
	w = open("f", O_WRONLY);
	CHECK_ERR(ra(w, 0, 5), EBADF, "write-only fd fails EBADF");
	o = open("f", O_PATH);
	CHECK_ERR(ra(o, 0, 5), EBADF, "O_PATH fd fails EBADF");
	CHECK_ERR(ra(99, 0, 5), EBADF, "bad fd fails EBADF");
	CHECK(pipe(p) == 0, "a pipe");
	CHECK_ERR(ra(p[0], 0, 5), EINVAL, "pipe fails EINVAL");
	d = open(".", O_RDONLY | O_DIRECTORY);
	CHECK_ERR(ra(d, 0, 5), EINVAL, "directory fails EINVAL");
	n = open("/dev/null", O_RDONLY);
	CHECK_ERR(ra(n, 0, 5), EINVAL, "character device fails EINVAL");
	close(fd);
	close(w);
	close(o);
	close(d);
	close(n);
	CHECK(unlink("f") == 0, "clean up");
	return 0;
}
