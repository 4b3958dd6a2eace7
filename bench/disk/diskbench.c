/* SPDX-License-Identifier: MIT */
/*
 * File I/O figures for bench/disk.sh, run natively on a host directory and
 * inside ukern on an ext4 image: prints "name value unit" lines.
 *   seq-write   256 MiB in 1 MiB writes, then fsync        MiB/s
 *   seq-read    the same file in 1 MiB reads                MiB/s
 *   rand-write  4 KiB writes at random offsets, then fsync  ops/s
 *   rand-read   4 KiB reads at random offsets               ops/s
 *   small-files create+write+close, stat, unlink of 2000    files/s
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MB (1 << 20)
#define SEQ (256LL * MB)

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void fail(const char *what)
{
	perror(what);
	exit(1);
}

int main(int argc, char **argv)
{
	static char buf[MB];
	char path[512];
	uint64_t r = 88172645463325252ULL;
	double t;
	long long off;
	int fd, i;

	if (argc != 2 || chdir(argv[1]) < 0)
		fail("usage: diskbench DIR");
	memset(buf, 'x', sizeof(buf));
	t = now();
	fd = open("seq", O_RDWR | O_CREAT | O_TRUNC, 0644);
	for (off = 0; off < SEQ; off += MB)
		if (write(fd, buf, MB) != MB)
			fail("write");
	if (fsync(fd) < 0)
		fail("fsync");
	printf("seq-write %.0f MiB/s\n", SEQ / MB / (now() - t));
	t = now();
	lseek(fd, 0, SEEK_SET);
	for (off = 0; off < SEQ; off += MB)
		if (read(fd, buf, MB) != MB)
			fail("read");
	printf("seq-read %.0f MiB/s\n", SEQ / MB / (now() - t));
	t = now();
	for (i = 0; i < 20000; i++) {
		r ^= r << 13, r ^= r >> 7, r ^= r << 17;
		if (pwrite(fd, buf, 4096, (off_t)(r % (SEQ / 4096)) * 4096) != 4096)
			fail("pwrite");
	}
	if (fsync(fd) < 0)
		fail("fsync");
	printf("rand-write %.0f ops/s\n", 20000 / (now() - t));
	t = now();
	for (i = 0; i < 20000; i++) {
		r ^= r << 13, r ^= r >> 7, r ^= r << 17;
		if (pread(fd, buf, 4096, (off_t)(r % (SEQ / 4096)) * 4096) != 4096)
			fail("pread");
	}
	printf("rand-read %.0f ops/s\n", 20000 / (now() - t));
	close(fd);
	unlink("seq");
	mkdir("small", 0755);
	t = now();
	for (i = 0; i < 2000; i++) {
		struct stat st;

		snprintf(path, sizeof(path), "small/f%d", i);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || write(fd, buf, 100) != 100 || close(fd) < 0 || stat(path, &st) < 0)
			fail("small file");
	}
	for (i = 0; i < 2000; i++) {
		snprintf(path, sizeof(path), "small/f%d", i);
		if (unlink(path) < 0)
			fail("unlink");
	}
	printf("small-files %.0f files/s\n", 2000 / (now() - t));
	rmdir("small");
	return 0;
}
