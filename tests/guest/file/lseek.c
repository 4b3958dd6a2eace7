/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * lseek(2): SEEK_SET/CUR/END, seeking past EOF, SEEK_DATA/SEEK_HOLE on a file
 * without holes, offsets shared between dup'ed fds, and EINVAL/ESPIPE/EBADF/ENXIO.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
	struct stat st;
	char c;
	int fd, fd2, fd3, p[2];

	fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(fd >= 0, "create f");
	CHECK(write(fd, "0123456789", 10) == 10, "write 10 bytes");

	CHECK(lseek(fd, 0, SEEK_CUR) == 10, "SEEK_CUR 0 reports offset 10");
	CHECK(lseek(fd, 3, SEEK_SET) == 3, "SEEK_SET 3");
	CHECK(read(fd, &c, 1) == 1 && c == '3', "read at 3");
	CHECK(lseek(fd, 2, SEEK_CUR) == 6, "SEEK_CUR +2");
	CHECK(lseek(fd, -4, SEEK_CUR) == 2, "SEEK_CUR -4");
	CHECK(lseek(fd, 0, SEEK_END) == 10, "SEEK_END 0");
	CHECK(lseek(fd, -1, SEEK_END) == 9, "SEEK_END -1");
	CHECK(read(fd, &c, 1) == 1 && c == '9', "read last byte");

	CHECK(lseek(fd, 100, SEEK_SET) == 100, "seek past EOF is allowed");
	CHECK(read(fd, &c, 1) == 0, "read past EOF returns 0");
	CHECK(fstat(fd, &st) == 0 && st.st_size == 10, "seeking does not extend file");
	CHECK(lseek(fd, 5, SEEK_END) == 15, "SEEK_END +5");

	CHECK(lseek(fd, 4, SEEK_SET) == 4, "SEEK_SET 4 before errors");
	CHECK_ERR(lseek(fd, -1, SEEK_SET), EINVAL, "negative SEEK_SET fails EINVAL");
	CHECK_ERR(lseek(fd, -5, SEEK_CUR), EINVAL, "SEEK_CUR before start fails EINVAL");
	CHECK_ERR(lseek(fd, -11, SEEK_END), EINVAL, "SEEK_END before start fails EINVAL");
	CHECK_ERR(lseek(fd, 0, 42), EINVAL, "unknown whence fails EINVAL");
	CHECK(lseek(fd, 0, SEEK_CUR) == 4, "failed seeks leave offset at 4");
	CHECK_ERR(lseek(-1, 0, SEEK_SET), EBADF, "lseek bad fd fails EBADF");

	/* SEEK_DATA/SEEK_HOLE on a file with no holes. */
	CHECK(lseek(fd, 0, SEEK_DATA) == 0, "SEEK_DATA from 0 is 0");
	CHECK(lseek(fd, 4, SEEK_DATA) == 4, "SEEK_DATA from 4 is 4");
	CHECK(lseek(fd, 0, SEEK_HOLE) == 10, "SEEK_HOLE finds the implicit hole at EOF");
	CHECK_ERR(lseek(fd, 10, SEEK_DATA), ENXIO, "SEEK_DATA at EOF fails ENXIO");
	CHECK_ERR(lseek(fd, 11, SEEK_HOLE), ENXIO, "SEEK_HOLE beyond EOF fails ENXIO");

	/* dup shares the offset; a second open does not. */
	fd2 = dup(fd);
	fd3 = open("f", O_RDONLY);
	CHECK(lseek(fd, 7, SEEK_SET) == 7, "seek original to 7");
	CHECK(lseek(fd2, 0, SEEK_CUR) == 7, "dup sees offset 7");
	CHECK(lseek(fd3, 0, SEEK_CUR) == 0, "separate open has its own offset");
	CHECK(read(fd2, &c, 1) == 1 && c == '7' && lseek(fd, 0, SEEK_CUR) == 8,
	      "read on dup advances the shared offset");
	close(fd2);
	close(fd3);

	/* Writing after seeking past EOF. */
	CHECK(lseek(fd, 12, SEEK_SET) == 12 && write(fd, "x", 1) == 1, "write at 12");
	CHECK(fstat(fd, &st) == 0 && st.st_size == 13, "file is now 13 bytes");
	CHECK(lseek(fd, 0, SEEK_END) == 13, "SEEK_END follows new size");
	close(fd);

	/* Unseekable files. */
	CHECK(pipe(p) == 0, "pipe");
	CHECK_ERR(lseek(p[0], 0, SEEK_CUR), ESPIPE, "lseek on pipe read end fails ESPIPE");
	CHECK_ERR(lseek(p[1], 0, SEEK_SET), ESPIPE, "lseek on pipe write end fails ESPIPE");
	close(p[0]);
	close(p[1]);

	/* Directories and /dev/null are seekable. */
	fd = open(".", O_RDONLY | O_DIRECTORY);
	CHECK(lseek(fd, 0, SEEK_SET) == 0, "lseek on directory to 0");
	close(fd);
	fd = open("/dev/null", O_RDWR);
	CHECK(lseek(fd, 123, SEEK_SET) == 0, "lseek on /dev/null returns 0");
	close(fd);

	unlink("f");
	return 0;
}
