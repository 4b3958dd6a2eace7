/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * splice, tee and vmsplice: file<->pipe with and without offsets, pipe to
 * pipe, tee leaving data in place, SPLICE_F_NONBLOCK, and EINVAL/ESPIPE/EBADF.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
	char buf[64];
	struct iovec iov[2];
	struct stat st;
	loff_t off;
	int f, g, p[2], q[2];

	f = open("in", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(f >= 0 && write(f, "0123456789abcdef", 16) == 16, "create 16-byte file");
	CHECK(pipe(p) == 0 && pipe(q) == 0, "two pipes");

	/* File -> pipe. */
	CHECK(lseek(f, 4, SEEK_SET) == 4, "file position 4");
	CHECK(splice(f, NULL, p[1], NULL, 3, 0) == 3, "splice 3 bytes at the file position");
	CHECK(lseek(f, 0, SEEK_CUR) == 7, "file position advanced to 7");
	off = 10;
	CHECK(splice(f, &off, p[1], NULL, 4, 0) == 4 && off == 14, "splice with an offset");
	CHECK(lseek(f, 0, SEEK_CUR) == 7, "file position unchanged by offset splice");
	off = 14;
	CHECK(splice(f, &off, p[1], NULL, 100, 0) == 2, "short splice at EOF");
	CHECK(splice(f, &off, p[1], NULL, 100, 0) == 0, "splice at EOF returns 0");
	CHECK(read(p[0], buf, sizeof(buf)) == 9 && memcmp(buf, "456abcdef", 9) == 0,
	      "pipe holds the spliced bytes");

	/* Pipe -> file. */
	g = open("out", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(write(p[1], "hello", 5) == 5, "fill pipe");
	off = 3;
	CHECK(splice(p[0], NULL, g, &off, 5, 0) == 5 && off == 8,
	      "splice pipe to file at offset 3");
	CHECK(fstat(g, &st) == 0 && st.st_size == 8, "file grew to 8");
	CHECK(pread(g, buf, 8, 0) == 8 && memcmp(buf, "\0\0\0hello", 8) == 0, "file content");
	CHECK(lseek(g, 0, SEEK_CUR) == 0, "output file position untouched");

	/* Pipe -> pipe and tee. */
	CHECK(write(p[1], "teedata", 7) == 7, "fill pipe");
	CHECK(tee(p[0], q[1], 3, 0) == 3, "tee 3 bytes");
	CHECK(read(q[0], buf, sizeof(buf)) == 3 && memcmp(buf, "tee", 3) == 0, "tee copy");
	CHECK(splice(p[0], NULL, q[1], NULL, 100, 0) == 7,
	      "tee left all 7 bytes; splice moves them");
	CHECK(read(q[0], buf, sizeof(buf)) == 7 && memcmp(buf, "teedata", 7) == 0, "moved bytes");

	/* vmsplice. */
	iov[0] = (struct iovec){ "vm", 2 };
	iov[1] = (struct iovec){ "splice", 6 };
	CHECK(vmsplice(p[1], iov, 2, 0) == 8, "vmsplice two segments");
	CHECK(read(p[0], buf, sizeof(buf)) == 8 && memcmp(buf, "vmsplice", 8) == 0,
	      "vmsplice data");

	/* Non-blocking and empty. */
	CHECK_ERR(splice(p[0], NULL, q[1], NULL, 1, SPLICE_F_NONBLOCK), EAGAIN,
		  "SPLICE_F_NONBLOCK on empty pipe fails EAGAIN");
	CHECK_ERR(tee(p[0], q[1], 1, SPLICE_F_NONBLOCK), EAGAIN,
		  "non-blocking tee on empty pipe fails EAGAIN");
	CHECK(splice(p[0], NULL, q[1], NULL, 0, 0) == 0, "splice of 0 bytes returns 0");

	/* Errors. */
	off = 0;
	CHECK_ERR(splice(f, NULL, g, NULL, 1, 0), EINVAL, "file to file fails EINVAL");
	CHECK_ERR(splice(f, NULL, p[1], &off, 1, 0), ESPIPE, "offset on pipe side fails ESPIPE");
	CHECK_ERR(splice(f, NULL, p[1], NULL, 1, 0x100), EINVAL, "unknown flag fails EINVAL");
	CHECK_ERR(splice(-1, NULL, p[1], NULL, 1, 0), EBADF, "bad in fd fails EBADF");
	CHECK_ERR(splice(f, NULL, p[0], NULL, 1, 0), EBADF, "pipe read end as output fails EBADF");
	CHECK_ERR(tee(p[0], p[1], 1, 0), EINVAL, "tee to the same pipe fails EINVAL");
	CHECK_ERR(tee(f, q[1], 1, 0), EINVAL, "tee from a file fails EINVAL");
	off = -1;
	CHECK_ERR(splice(f, &off, p[1], NULL, 1, 0), EINVAL, "negative offset fails EINVAL");
	CHECK_ERR(vmsplice(f, iov, 1, 0), EBADF, "vmsplice to a file fails EBADF");

	/* Writer gone: splice from the empty pipe returns 0. */
	close(p[1]);
	CHECK(splice(p[0], NULL, q[1], NULL, 10, 0) == 0, "splice from a pipe at EOF returns 0");

	close(p[0]);
	close(q[0]);
	close(q[1]);
	close(f);
	close(g);
	unlink("in");
	unlink("out");
	return 0;
}
