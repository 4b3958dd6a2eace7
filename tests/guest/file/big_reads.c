/* SPDX-License-Identifier: MIT */
/*
 * Big reads of a file with data, holes, unwritten (fallocated) space and a
 * tail hole, at aligned and unaligned offsets and sizes, checked against a
 * copy kept in memory; reads across and at end of file; data written after a
 * first read is seen by the next one. (On an ext4 image, reads of 16 KiB and
 * more take ukern's extent path; this pins it to what read(2) must return.)
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

#define SIZE (3 * 1024 * 1024 + 512 * 1024 + 77)

static unsigned char model[SIZE], got[SIZE + 4096];

static void put(int fd, long off, long len, unsigned seed)
{
	for (long i = 0; i < len; i++)
		model[off + i] = (unsigned char)((seed + (unsigned long)i * 2654435761u) >> 13);
	if (pwrite(fd, model + off, (size_t)len, off) != len)
		perror("pwrite");
}

/* Reads [off, off+len) in chunks of chunk bytes with read(2) after lseek; compares with the model. */
static int read_matches(int fd, long off, long len, long chunk)
{
	long done = 0, want = off >= SIZE ? 0 : (off + len > SIZE ? SIZE - off : len);

	if (lseek(fd, off, SEEK_SET) != off)
		return 0;
	while (done < len) {
		ssize_t r = read(fd, got + done, (size_t)(chunk < len - done ? chunk : len - done));

		if (r < 0)
			return 0;
		if (r == 0)
			break;
		done += r;
	}
	return done == want && memcmp(got, model + off, (size_t)want) == 0;
}

int main(void)
{
	int fd = open("big", O_RDWR | O_CREAT | O_TRUNC, 0644);
	struct stat st;

	CHECK(fd >= 0, "create");
	put(fd, 0, 100 * 1024 + 3, 1);		       /* data at the start, ends mid-block */
	put(fd, 1024 * 1024 + 123, 50 * 1024, 2);      /* data after a hole, unaligned */
	CHECK(fallocate(fd, 0, 2 * 1024 * 1024, 300 * 1024) == 0, "fallocate 300 KiB (unwritten, reads as zeros)");
	put(fd, 2 * 1024 * 1024 + 100 * 1024, 5000, 3); /* data inside the fallocated range */
	CHECK(ftruncate(fd, SIZE) == 0, "extend to the final size (a hole at the tail)");
	CHECK(fstat(fd, &st) == 0 && st.st_size == SIZE, "size");

	CHECK(read_matches(fd, 0, SIZE, 1 << 20), "whole file in 1 MiB reads");
	CHECK(read_matches(fd, 0, SIZE, 64 * 1024 + 7), "whole file in odd-sized reads");
	CHECK(read_matches(fd, 4095, 300 * 1024, 300 * 1024), "one read from just before a block boundary");
	CHECK(read_matches(fd, 100 * 1024 - 5, 1024 * 1024, 1024 * 1024), "a read from data across a hole into data");
	CHECK(read_matches(fd, 2 * 1024 * 1024 - 17, 400 * 1024, 400 * 1024),
	      "a read across the fallocated range and the data in it");
	CHECK(read_matches(fd, SIZE - 20000, 65536, 65536), "a read across the end of file is short");
	CHECK(read_matches(fd, SIZE, 65536, 65536), "a read at the end of file returns 0");
	CHECK(read_matches(fd, SIZE + 100000, 65536, 65536), "a read past the end of file returns 0");
	CHECK(pread(fd, got, 1 << 20, 1024 * 1024 + 100) == 1 << 20 &&
		      memcmp(got, model + 1024 * 1024 + 100, 1 << 20) == 0,
	      "pread of 1 MiB");

	/* Writes after a read are seen by the next big read. */
	put(fd, 3 * 1024 * 1024, 64 * 1024, 4);
	put(fd, 10, 20000, 5);
	CHECK(read_matches(fd, 0, SIZE, 1 << 20), "whole file again after more writes");
	close(fd);
	fd = open("big", O_RDONLY);
	CHECK(fd >= 0 && read_matches(fd, 0, SIZE, 256 * 1024), "whole file through a new open");
	close(fd);
	CHECK(unlink("big") == 0, "unlink");
	return 0;
}
