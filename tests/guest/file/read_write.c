/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * read(2)/write(2) on regular files: short reads at EOF, offsets, large
 * transfers, zero-length calls, and EBADF/EFAULT/EISDIR/EINVAL errors.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

#define BIG (1 << 20)

static unsigned char big[BIG], back[BIG];

int main(void)
{
	char buf[32];
	struct stat st;
	int fd, dfd, i, ok;
	ssize_t n, total;

	fd = open("data", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(fd >= 0, "create data");
	CHECK(write(fd, "0123456789", 10) == 10, "write 10 bytes");
	CHECK(lseek(fd, 0, SEEK_CUR) == 10, "offset advanced by write");
	CHECK(write(fd, "", 0) == 0, "zero-length write returns 0");
	CHECK(read(fd, buf, sizeof(buf)) == 0, "read at EOF returns 0");
	CHECK(lseek(fd, 0, SEEK_SET) == 0, "seek to start");
	CHECK(read(fd, buf, 4) == 4 && memcmp(buf, "0123", 4) == 0, "read first 4 bytes");
	CHECK(read(fd, buf, 0) == 0, "zero-length read returns 0");
	CHECK(lseek(fd, 0, SEEK_CUR) == 4, "zero-length read leaves offset");
	n = read(fd, buf, sizeof(buf));
	CHECK(n == 6 && memcmp(buf, "456789", 6) == 0, "short read up to EOF");
	CHECK(read(fd, buf, sizeof(buf)) == 0, "then EOF");

	/* Overwrite in the middle does not change the size. */
	CHECK(lseek(fd, 3, SEEK_SET) == 3 && write(fd, "abc", 3) == 3, "overwrite in the middle");
	CHECK(fstat(fd, &st) == 0 && st.st_size == 10, "size unchanged by overwrite");
	CHECK(pread(fd, buf, 10, 0) == 10 && memcmp(buf, "012abc6789", 10) == 0,
	      "overwrite content");

	/* Writing past EOF leaves a zero-filled gap. */
	CHECK(lseek(fd, 20, SEEK_SET) == 20 && write(fd, "Z", 1) == 1, "write past EOF");
	CHECK(fstat(fd, &st) == 0 && st.st_size == 21, "size extended to 21");
	memset(buf, 'x', sizeof(buf));
	CHECK(pread(fd, buf, 21, 0) == 21, "read whole file");
	ok = 1;
	for (i = 10; i < 20; i++)
		ok &= buf[i] == 0;
	CHECK(ok && buf[20] == 'Z', "gap reads back as zeros");

	/* Errors. */
	CHECK_ERR(read(-1, buf, 1), EBADF, "read fd -1 fails EBADF");
	CHECK_ERR(write(-1, buf, 1), EBADF, "write fd -1 fails EBADF");
	CHECK_ERR(read(999, buf, 1), EBADF, "read closed fd fails EBADF");
	CHECK(lseek(fd, 0, SEEK_SET) == 0, "rewind");
	CHECK_ERR(syscall(SYS_read, fd, (void *)1, 4), EFAULT,
		  "read into bad pointer fails EFAULT");
	CHECK_ERR(syscall(SYS_write, fd, (void *)1, 4), EFAULT,
		  "write from bad pointer fails EFAULT");
	CHECK(lseek(fd, 0, SEEK_CUR) == 0, "failed read/write leave offset alone");
	dfd = open(".", O_RDONLY | O_DIRECTORY);
	CHECK_ERR(read(dfd, buf, 1), EISDIR, "read directory fails EISDIR");
	CHECK_ERR(write(dfd, buf, 1), EBADF, "write directory fd fails EBADF");
	close(dfd);
	close(fd);
	CHECK_ERR(read(fd, buf, 1), EBADF, "read after close fails EBADF");

	/* A 1 MiB write and read-back in pieces. */
	for (i = 0; i < BIG; i++)
		big[i] = (unsigned char)(i * 7 + (i >> 9));
	fd = open("big", O_CREAT | O_RDWR | O_TRUNC, 0644);
	total = 0;
	while (total < BIG) {
		n = write(fd, big + total, BIG - total);
		if (n <= 0)
			break;
		total += n;
	}
	CHECK(total == BIG, "write 1 MiB");
	CHECK(lseek(fd, 0, SEEK_SET) == 0, "rewind big");
	total = 0;
	while (total < BIG) {
		n = read(fd, back + total, 3000);
		if (n <= 0)
			break;
		total += n;
	}
	CHECK(total == BIG && memcmp(big, back, BIG) == 0, "read 1 MiB back in 3000-byte reads");
	CHECK(read(fd, back, 10) == 0, "EOF after 1 MiB");
	close(fd);

	unlink("big");
	unlink("data");
	return 0;
}
