/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * Big reads (the size that goes straight from the host file or disk image
 * into guest memory) see every change made between them: overwrites, holes
 * punched, a truncate and regrowth, appends, another file renamed over the
 * name, and reads that go backwards or alternate between two files.
 */
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include "check.h"

#define MB (1 << 20)
#define SIZE (6 * MB)

static unsigned char buf[MB], want[MB];

/* The byte a file of generation g holds at offset off. */
static unsigned char pattern(int g, long off)
{
	return (unsigned char)((off / 4096) * 7 + off % 251 + g * 13);
}

static void fill(unsigned char *p, int g, long off, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = pattern(g, off + (long)i);
}

static int write_file(const char *name, int g)
{
	int fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0644);
	long off;

	if (fd < 0)
		return -1;
	for (off = 0; off < SIZE; off += MB) {
		fill(buf, g, off, MB);
		if (pwrite(fd, buf, MB, off) != MB)
			return -1;
	}
	return fd;
}

/* Reads [off, off + MB) in one call and compares it with want. */
static int read_is(int fd, long off)
{
	return pread(fd, buf, MB, off) == MB && memcmp(buf, want, MB) == 0;
}

int main(void)
{
	int fd, fd2, ok, g;
	long off;

	fd = write_file("brc_a", 1);
	CHECK(fd >= 0, "write a 6 MiB file in 1 MiB writes");
	ok = 1;
	for (off = 0; off < SIZE; off += MB) {
		fill(want, 1, off, MB);
		ok &= read_is(fd, off);
	}
	CHECK(ok, "big reads in order");
	ok = 1;
	for (off = SIZE - MB; off >= 0; off -= MB) {
		fill(want, 1, off, MB);
		ok &= read_is(fd, off);
	}
	CHECK(ok, "big reads backwards");
	fill(want, 1, 2 * MB + 12345, MB);
	CHECK(read_is(fd, 2 * MB + 12345), "a big read across two writes' blocks");

	/* Overwrite the middle of a chunk just read. */
	fill(buf, 2, 3 * MB + 4096, 8192);
	CHECK(pwrite(fd, buf, 8192, 3 * MB + 4096) == 8192, "overwrite 8 KiB");
	fill(want, 1, 3 * MB, MB);
	fill(want + 4096, 2, 3 * MB + 4096, 8192);
	CHECK(read_is(fd, 3 * MB), "the next big read sees the overwrite");

	/* A hole punched where a big read just went. */
	fill(want, 1, 4 * MB, MB);
	CHECK(read_is(fd, 4 * MB), "read before the punch");
	CHECK(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 4 * MB + 65536, 131072) == 0,
	      "punch a 128 KiB hole");
	memset(want + 65536, 0, 131072);
	CHECK(read_is(fd, 4 * MB), "the next big read sees the hole");

	/* Truncate and regrow. */
	CHECK(ftruncate(fd, MB + MB / 2) == 0 && ftruncate(fd, SIZE) == 0, "truncate to 1.5 MiB and regrow");
	fill(want, 1, MB, MB / 2);
	memset(want + MB / 2, 0, MB / 2);
	CHECK(read_is(fd, MB), "a big read across the old end: data then zeros");
	memset(want, 0, MB);
	CHECK(read_is(fd, 5 * MB), "a big read past it: zeros");
	fill(buf, 3, 5 * MB, MB);
	CHECK(pwrite(fd, buf, MB, 5 * MB) == MB, "write the last MiB again");
	fill(want, 3, 5 * MB, MB);
	CHECK(read_is(fd, 5 * MB), "a big read sees it");

	/* Appends, read as they come. */
	ok = 1;
	for (g = 0; g < 3; g++) {
		off = SIZE + (long)g * MB;
		fill(buf, 4 + g, off, MB);
		ok &= pwrite(fd, buf, MB, off) == MB;
		fill(want, 4 + g, off, MB);
		ok &= read_is(fd, off);
	}
	CHECK(ok, "appended MiBs read back at once");

	/* Another file renamed over the name; two files read in turn. */
	fd2 = write_file("brc_b", 8);
	CHECK(fd2 >= 0 && rename("brc_b", "brc_a") == 0, "rename another file over the name");
	close(fd);
	fd = open("brc_a", O_RDONLY);
	fill(want, 8, 2 * MB, MB);
	CHECK(fd >= 0 && read_is(fd, 2 * MB), "the name reads the new file");
	ok = 1;
	for (off = 0; off < SIZE; off += MB) {
		fill(want, 8, off, MB);
		ok &= read_is(fd, off) && read_is(fd2, off);
	}
	CHECK(ok, "two fds of it read in turn");
	close(fd);
	close(fd2);
	unlink("brc_a");
	return 0;
}
