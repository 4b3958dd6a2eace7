/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * pread64/pwrite64: positioned I/O leaves the file offset alone, extends files,
 * ignores the offset under O_APPEND, and fails ESPIPE/EINVAL/EBADF/EFAULT.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
	char buf[32];
	struct stat st;
	int fd, p[2];

	fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(fd >= 0, "create f");
	CHECK(write(fd, "abcdefghij", 10) == 10, "write 10 bytes");
	CHECK(lseek(fd, 2, SEEK_SET) == 2, "seek to 2");

	CHECK(pread(fd, buf, 3, 5) == 3 && memcmp(buf, "fgh", 3) == 0, "pread at offset 5");
	CHECK(lseek(fd, 0, SEEK_CUR) == 2, "pread leaves offset at 2");
	CHECK(pread(fd, buf, 20, 8) == 2 && memcmp(buf, "ij", 2) == 0, "pread short at EOF");
	CHECK(pread(fd, buf, 20, 10) == 0, "pread at EOF returns 0");
	CHECK(pread(fd, buf, 20, 1000) == 0, "pread beyond EOF returns 0");
	CHECK(pread(fd, buf, 0, 0) == 0, "pread of 0 bytes");

	CHECK(pwrite(fd, "XY", 2, 0) == 2, "pwrite at 0");
	CHECK(lseek(fd, 0, SEEK_CUR) == 2, "pwrite leaves offset at 2");
	CHECK(read(fd, buf, 3) == 3 && memcmp(buf, "cde", 3) == 0, "read continues from offset 2");
	CHECK(pread(fd, buf, 10, 0) == 10 && memcmp(buf, "XYcdefghij", 10) == 0,
	      "pwrite changed the start");
	CHECK(pwrite(fd, "Q", 1, 15) == 1, "pwrite past EOF");
	CHECK(fstat(fd, &st) == 0 && st.st_size == 16, "pwrite past EOF extends the file");
	CHECK(pread(fd, buf, 16, 0) == 16 && buf[12] == 0 && buf[15] == 'Q',
	      "gap before pwrite is zero");

	CHECK_ERR(pread(fd, buf, 1, -1), EINVAL, "pread negative offset fails EINVAL");
	CHECK_ERR(pwrite(fd, "x", 1, -1), EINVAL, "pwrite negative offset fails EINVAL");
	CHECK_ERR(pread(-1, buf, 1, 0), EBADF, "pread bad fd fails EBADF");
	CHECK_ERR(syscall(SYS_pread64, fd, (void *)1, 4, 0), EFAULT,
		  "pread bad buffer fails EFAULT");
	CHECK_ERR(syscall(SYS_pwrite64, fd, (void *)1, 4, 0), EFAULT,
		  "pwrite bad buffer fails EFAULT");
	close(fd);

	/* O_APPEND: pwrite appends regardless of the offset (Linux behaviour). */
	fd = open("f", O_WRONLY | O_APPEND);
	CHECK(pwrite(fd, "END", 3, 0) == 3, "pwrite on O_APPEND fd");
	close(fd);
	CHECK(stat("f", &st) == 0 && st.st_size == 19, "O_APPEND pwrite appended");
	fd = open("f", O_RDONLY);
	CHECK(pread(fd, buf, 3, 16) == 3 && memcmp(buf, "END", 3) == 0, "appended data at end");
	CHECK(pread(fd, buf, 2, 0) == 2 && memcmp(buf, "XY", 2) == 0, "start not overwritten");
	CHECK_ERR(pwrite(fd, "x", 1, 0), EBADF, "pwrite on O_RDONLY fd fails EBADF");
	close(fd);

	/* Pipes are not seekable. */
	CHECK(pipe(p) == 0, "pipe");
	CHECK_ERR(pwrite(p[1], "x", 1, 0), ESPIPE, "pwrite on pipe fails ESPIPE");
	CHECK_ERR(pread(p[0], buf, 1, 0), ESPIPE, "pread on pipe fails ESPIPE");
	close(p[0]);
	close(p[1]);

	/* Directories. */
	fd = open(".", O_RDONLY | O_DIRECTORY);
	CHECK_ERR(pread(fd, buf, 1, 0), EISDIR, "pread on directory fails EISDIR");
	close(fd);

	unlink("f");
	return 0;
}
