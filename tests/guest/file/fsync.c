/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * fsync, fdatasync, syncfs, sync and sync_file_range: success on files and
 * directories, data still readable afterwards, and EBADF/EINVAL/ESPIPE.
 */
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
	char buf[16];
	int fd, ro, dfd, p[2], nul;

	fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(fd >= 0 && write(fd, "durable", 7) == 7, "create and write");
	CHECK(fsync(fd) == 0, "fsync on a file");
	CHECK(fdatasync(fd) == 0, "fdatasync on a file");
	CHECK(syncfs(fd) == 0, "syncfs");
	CHECK(sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE) == 0, "sync_file_range WRITE");
	CHECK(sync_file_range(fd, 0, 7,
			      SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE |
				      SYNC_FILE_RANGE_WAIT_AFTER) == 0,
	      "sync_file_range all flags");
	CHECK(sync_file_range(fd, 0, 0, 0) == 0, "sync_file_range no flags is a no-op");
	CHECK(pread(fd, buf, 7, 0) == 7 && memcmp(buf, "durable", 7) == 0, "data intact");

	ro = open("f", O_RDONLY);
	CHECK(fsync(ro) == 0 && fdatasync(ro) == 0, "fsync on a read-only fd");
	close(ro);
	dfd = open(".", O_RDONLY | O_DIRECTORY);
	CHECK(fsync(dfd) == 0, "fsync on a directory");
	close(dfd);

	/* Errors. */
	CHECK_ERR(fsync(-1), EBADF, "fsync bad fd fails EBADF");
	CHECK_ERR(fdatasync(999), EBADF, "fdatasync closed fd fails EBADF");
	CHECK_ERR(syncfs(-1), EBADF, "syncfs bad fd fails EBADF");
	CHECK(pipe(p) == 0, "pipe");
	CHECK_ERR(fsync(p[1]), EINVAL, "fsync on a pipe fails EINVAL");
	CHECK_ERR(fdatasync(p[0]), EINVAL, "fdatasync on a pipe fails EINVAL");
	CHECK_ERR(sync_file_range(p[1], 0, 0, SYNC_FILE_RANGE_WRITE), ESPIPE,
		  "sync_file_range on a pipe fails ESPIPE");
	close(p[0]);
	close(p[1]);
	nul = open("/dev/null", O_WRONLY);
	CHECK_ERR(fsync(nul), EINVAL, "fsync on /dev/null fails EINVAL");
	close(nul);
	CHECK_ERR(sync_file_range(fd, -1, 0, SYNC_FILE_RANGE_WRITE), EINVAL,
		  "sync_file_range negative offset fails EINVAL");
	CHECK_ERR(sync_file_range(fd, 0, -1, SYNC_FILE_RANGE_WRITE), EINVAL,
		  "sync_file_range negative length fails EINVAL");
	CHECK_ERR(sync_file_range(fd, 0, 0, 0x8), EINVAL, "sync_file_range bad flag fails EINVAL");
	CHECK_ERR(sync_file_range(-1, 0, 0, 0), EBADF, "sync_file_range bad fd fails EBADF");
	close(fd);
	fd = open("f", O_PATH);
	CHECK_ERR(fsync(fd), EBADF, "fsync on an O_PATH fd fails EBADF");
	close(fd);
	CHECK(syscall(SYS_sync) == 0, "raw sync syscall returns 0");

	unlink("f");
	return 0;
}
