/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * copy_file_range(2) via raw syscall: offsets by pointer or file position,
 * short copies at EOF, same-file non-overlapping copies, and error numbers.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

static long cfr(int in, off_t *inoff, int out, off_t *outoff, size_t len, unsigned int flags)
{
	return syscall(SYS_copy_file_range, in, inoff, out, outoff, len, flags);
}

int main(void)
{
	char buf[64];
	struct stat st;
	off_t ioff, ooff;
	int in, out, fd, p[2];

	in = open("in", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(in >= 0 && write(in, "0123456789ABCDEF", 16) == 16, "create 16-byte input");
	out = open("out", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(out >= 0, "create output");

	/* File positions. */
	CHECK(lseek(in, 2, SEEK_SET) == 2, "input position 2");
	CHECK(cfr(in, NULL, out, NULL, 5, 0) == 5, "copy 5 bytes using file positions");
	CHECK(lseek(in, 0, SEEK_CUR) == 7 && lseek(out, 0, SEEK_CUR) == 5,
	      "both positions advanced by 5");
	CHECK(pread(out, buf, 5, 0) == 5 && memcmp(buf, "23456", 5) == 0, "copied content");

	/* Explicit offsets. */
	ioff = 10;
	ooff = 8;
	CHECK(cfr(in, &ioff, out, &ooff, 4, 0) == 4, "copy 4 bytes with explicit offsets");
	CHECK(ioff == 14 && ooff == 12, "offset variables advanced");
	CHECK(lseek(in, 0, SEEK_CUR) == 7 && lseek(out, 0, SEEK_CUR) == 5,
	      "file positions untouched");
	CHECK(fstat(out, &st) == 0 && st.st_size == 12, "output grew to 12 bytes");
	CHECK(pread(out, buf, 12, 0) == 12 && memcmp(buf, "23456\0\0\0ABCD", 12) == 0,
	      "gap is zero-filled");

	/* EOF. */
	ioff = 14;
	CHECK(cfr(in, &ioff, out, NULL, 100, 0) == 2 && ioff == 16, "short copy at end of input");
	CHECK(cfr(in, &ioff, out, NULL, 100, 0) == 0, "copy at EOF returns 0");
	ioff = 1000;
	CHECK(cfr(in, &ioff, out, NULL, 10, 0) == 0, "copy beyond EOF returns 0");
	CHECK(cfr(in, NULL, out, NULL, 0, 0) == 0, "copy of 0 bytes returns 0");

	/* Same file, non-overlapping. */
	ioff = 0;
	ooff = 16;
	CHECK(cfr(in, &ioff, in, &ooff, 4, 0) == 4, "copy within the same file");
	CHECK(pread(in, buf, 20, 0) == 20 && memcmp(buf + 16, "0123", 4) == 0,
	      "same-file copy content");
	ioff = 0;
	ooff = 2;
	CHECK_ERR(cfr(in, &ioff, in, &ooff, 4, 0), EINVAL,
		  "overlapping same-file copy fails EINVAL");

	/* Errors. */
	CHECK_ERR(cfr(in, NULL, out, NULL, 1, 1), EINVAL, "nonzero flags fail EINVAL");
	CHECK_ERR(cfr(-1, NULL, out, NULL, 1, 0), EBADF, "bad in fd fails EBADF");
	CHECK_ERR(cfr(in, NULL, -1, NULL, 1, 0), EBADF, "bad out fd fails EBADF");
	fd = open("in", O_WRONLY);
	CHECK_ERR(cfr(fd, NULL, out, NULL, 1, 0), EBADF, "write-only input fails EBADF");
	close(fd);
	fd = open("out", O_RDONLY);
	CHECK_ERR(cfr(in, NULL, fd, NULL, 1, 0), EBADF, "read-only output fails EBADF");
	close(fd);
	fd = open("out", O_WRONLY | O_APPEND);
	CHECK_ERR(cfr(in, NULL, fd, NULL, 1, 0), EBADF, "O_APPEND output fails EBADF");
	close(fd);
	fd = open(".", O_RDONLY | O_DIRECTORY);
	CHECK_ERR(cfr(fd, NULL, out, NULL, 1, 0), EISDIR, "directory input fails EISDIR");
	close(fd);
	CHECK(pipe(p) == 0, "pipe");
	CHECK(write(p[1], "x", 1) == 1, "fill pipe a little");
	CHECK_ERR(cfr(p[0], NULL, out, NULL, 1, 0), EINVAL, "pipe input fails EINVAL");
	CHECK_ERR(cfr(in, NULL, p[1], NULL, 1, 0), EINVAL, "pipe output fails EINVAL");
	close(p[0]);
	close(p[1]);
	CHECK_ERR(cfr(in, (off_t *)1, out, NULL, 1, 0), EFAULT, "bad offset pointer fails EFAULT");

	close(in);
	close(out);
	unlink("in");
	unlink("out");
	return 0;
}
