/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * truncate, ftruncate and fallocate: growing with zeros, shrinking, offsets
 * beyond the new end, FALLOC_FL_KEEP_SIZE/PUNCH_HOLE, and the error numbers.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

#ifndef FALLOC_FL_KEEP_SIZE
#define FALLOC_FL_KEEP_SIZE 0x01
#endif
#ifndef FALLOC_FL_PUNCH_HOLE
#define FALLOC_FL_PUNCH_HOLE 0x02
#endif

static long size_of(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 ? (long)st.st_size : -1;
}

static int all_zero(const char *b, int n)
{
	while (n--)
		if (*b++)
			return 0;
	return 1;
}

int main(void)
{
	char buf[128];
	struct stat st;
	int fd, ro, p[2];

	fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(fd >= 0 && write(fd, "0123456789", 10) == 10, "create 10-byte file");

	/* ftruncate. */
	CHECK(ftruncate(fd, 4) == 0 && size_of(fd) == 4, "ftruncate shrinks to 4");
	CHECK(lseek(fd, 0, SEEK_CUR) == 10, "offset is not changed by truncation");
	CHECK(write(fd, "X", 1) == 1 && size_of(fd) == 11, "write at old offset leaves a gap");
	CHECK(pread(fd, buf, 11, 0) == 11 && memcmp(buf, "0123", 4) == 0 && all_zero(buf + 4, 6) &&
		      buf[10] == 'X',
	      "truncated-away bytes read back as zeros");
	CHECK(ftruncate(fd, 100) == 0 && size_of(fd) == 100, "ftruncate grows to 100");
	CHECK(pread(fd, buf, 100, 0) == 100 && all_zero(buf + 11, 89), "growth is zero-filled");
	CHECK(ftruncate(fd, 0) == 0 && size_of(fd) == 0, "ftruncate to 0");
	CHECK(pread(fd, buf, 10, 0) == 0, "empty file reads EOF");
	CHECK(ftruncate(fd, 0) == 0, "ftruncate to the same size");

	CHECK_ERR(ftruncate(fd, -1), EINVAL, "negative length fails EINVAL");
	CHECK_ERR(ftruncate(-1, 0), EBADF, "bad fd fails EBADF");
	ro = open("f", O_RDONLY);
	CHECK_ERR(ftruncate(ro, 0), EINVAL, "read-only fd fails EINVAL");
	close(ro);
	CHECK(pipe(p) == 0, "pipe");
	CHECK_ERR(ftruncate(p[1], 0), EINVAL, "pipe fails EINVAL");
	ro = open(".", O_RDONLY | O_DIRECTORY);
	CHECK_ERR(ftruncate(ro, 0), EINVAL, "directory fd fails EINVAL");
	close(ro);

	/* truncate by path. */
	CHECK(truncate("f", 7) == 0 && size_of(fd) == 7, "truncate by path to 7");
	CHECK(symlink("f", "l") == 0 && truncate("l", 3) == 0 && size_of(fd) == 3,
	      "truncate follows symlinks");
	CHECK_ERR(truncate("missing", 0), ENOENT, "truncate missing file fails ENOENT");
	CHECK_ERR(truncate(".", 0), EISDIR, "truncate directory fails EISDIR");
	CHECK_ERR(truncate("f", -1), EINVAL, "truncate negative length fails EINVAL");
	CHECK_ERR(truncate("f/x", 0), ENOTDIR, "truncate below a file fails ENOTDIR");
	CHECK_ERR(truncate("", 0), ENOENT, "truncate empty path fails ENOENT");
	CHECK_ERR(syscall(SYS_truncate, (char *)1, 0), EFAULT, "truncate bad path fails EFAULT");

	/* fallocate. */
	CHECK(fallocate(fd, 0, 0, 50) == 0 && size_of(fd) == 50, "fallocate extends to 50");
	CHECK(pread(fd, buf, 50, 0) == 50 && all_zero(buf + 3, 47), "allocated range is zero");
	CHECK(fallocate(fd, 0, 10, 10) == 0 && size_of(fd) == 50, "fallocate inside keeps size");
	CHECK(fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 4096) == 0 && size_of(fd) == 50,
	      "FALLOC_FL_KEEP_SIZE does not change size");
	CHECK(pwrite(fd, "abcdefghij", 10, 20) == 10, "write some data");
	CHECK(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 22, 4) == 0,
	      "punch a hole");
	CHECK(size_of(fd) == 50 && pread(fd, buf, 10, 20) == 10 &&
		      memcmp(buf, "ab\0\0\0\0ghij", 10) == 0,
	      "hole reads back as zeros");
	CHECK_ERR(fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 4), EOPNOTSUPP,
		  "PUNCH_HOLE without KEEP_SIZE fails EOPNOTSUPP");
	CHECK_ERR(fallocate(fd, 0, 0, 0), EINVAL, "zero length fails EINVAL");
	CHECK_ERR(fallocate(fd, 0, -1, 10), EINVAL, "negative offset fails EINVAL");
	CHECK_ERR(fallocate(fd, 0, 0, -1), EINVAL, "negative length fails EINVAL");
	CHECK_ERR(fallocate(-1, 0, 0, 1), EBADF, "bad fd fails EBADF");
	ro = open("f", O_RDONLY);
	CHECK_ERR(fallocate(ro, 0, 0, 1), EBADF, "read-only fd fails EBADF");
	close(ro);
	CHECK_ERR(fallocate(p[1], 0, 0, 1), ESPIPE, "pipe fails ESPIPE");
	ro = open(".", O_RDONLY | O_DIRECTORY);
	CHECK_ERR(fallocate(ro, 0, 0, 1), EBADF, "directory fd (read-only) fails EBADF");
	close(ro);
	close(p[0]);
	close(p[1]);

	/* O_TRUNC on open is another truncation. */
	close(fd);
	fd = open("f", O_WRONLY | O_TRUNC);
	CHECK(fd >= 0 && fstat(fd, &st) == 0 && st.st_size == 0, "O_TRUNC empties the file");
	close(fd);

	unlink("l");
	unlink("f");
	return 0;
}
