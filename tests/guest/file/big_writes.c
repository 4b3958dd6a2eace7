/* SPDX-License-Identifier: MIT */
/*
 * Big writes, checked against a copy kept in memory: appends in whole
 * blocks, overwrites of written data, writes over holes, over fallocated
 * (unwritten) space and over a mix of data and holes, at block-aligned and
 * odd offsets and sizes, and writes that extend a file past a hole. (On an
 * ext4 image, block-aligned writes of 64 KiB and more take ukern's extent
 * path; the test runner checks the image with e2fsck afterwards.)
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

#define SIZE (6 * 1024 * 1024)
#define KB 1024L

static unsigned char model[SIZE], got[SIZE];
static long size;

static int put(int fd, long off, long len, unsigned seed)
{
	for (long i = 0; i < len; i++)
		model[off + i] = (unsigned char)((seed + (unsigned long)i * 2654435761u) >> 13);
	if (off + len > size)
		size = off + len;
	return pwrite(fd, model + off, (size_t)len, off) == len;
}

static int matches(int fd)
{
	struct stat st;

	if (fstat(fd, &st) != 0 || st.st_size != size)
		return 0;
	if (pread(fd, got, (size_t)size, 0) != size)
		return 0;
	return memcmp(got, model, (size_t)size) == 0;
}

int main(void)
{
	int fd = open("bigw", O_RDWR | O_CREAT | O_TRUNC, 0644);
	struct stat st;

	CHECK(fd >= 0, "create");
	CHECK(put(fd, 0, 1024 * KB, 1), "append 1 MiB at 0");
	CHECK(put(fd, 1024 * KB, 1024 * KB, 2), "append 1 MiB more");
	CHECK(matches(fd), "both read back");
	CHECK(put(fd, 256 * KB, 512 * KB, 3), "overwrite 512 KiB inside");
	CHECK(put(fd, 3 * 1024 * KB, 256 * KB, 4), "write 256 KiB past a 1 MiB hole");
	CHECK(matches(fd), "the hole reads as zeros, the rest as written");
	CHECK(put(fd, 1536 * KB, 2048 * KB, 5), "one write over data, the hole and data again");
	CHECK(matches(fd), "reads back");
	CHECK(fallocate(fd, 0, 4 * 1024 * KB, 512 * KB) == 0, "fallocate 512 KiB past the end");
	size = 4 * 1024 * KB + 512 * KB;
	CHECK(matches(fd), "the fallocated space reads as zeros");
	CHECK(put(fd, 4 * 1024 * KB, 128 * KB, 6), "write 128 KiB into the fallocated space");
	CHECK(put(fd, 4 * 1024 * KB + 256 * KB, 512 * KB, 7), "a write from fallocated space on past the end");
	CHECK(matches(fd), "reads back");
	CHECK(put(fd, 100 * KB + 7, 300 * KB + 5, 8), "an unaligned write of 300 KiB");
	CHECK(put(fd, 5 * 1024 * KB + 4 * KB, 64 * KB + 100, 9), "a block-aligned write with a partial tail, past the end");
	CHECK(matches(fd), "reads back");
	CHECK(fsync(fd) == 0, "fsync");
	close(fd);
	fd = open("bigw", O_RDONLY);
	CHECK(fd >= 0 && matches(fd), "all of it through a new open");
	CHECK(fstat(fd, &st) == 0 && st.st_blocks * 512 >= 4 * 1024 * KB, "blocks are allocated for the data");
	close(fd);
	CHECK(truncate("bigw", 0) == 0, "truncate to 0");
	fd = open("bigw", O_RDWR);
	size = 0;
	CHECK(fd >= 0 && put(fd, 0, 2048 * KB, 10) && matches(fd), "2 MiB written again over freed blocks");
	close(fd);
	CHECK(unlink("bigw") == 0, "unlink");
	return 0;
}
