/* SPDX-License-Identifier: MIT */
/*
 * Big reads in a process with more than one thread. On a disk image the
 * seccomp platform lets the stub read the image itself only while the
 * reader's is the process's only thread (another could use the image's fd
 * while the stub holds it); otherwise the bytes are copied out of ukern's
 * own mapping of the image. Both ways must give the file's bytes, a partial
 * count before an unmapped hole, and reads from two threads at once must not
 * mix. Natively it is plain read(2).
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "check.h"

#define MB (1 << 20)
#define PAGE 4096L
#define SIZE (4 * MB)

static unsigned char model[SIZE];
static int fd, gate[2];
static int thread_ok;

static void *idle(void *arg)
{
	char c;

	return read(gate[0], &c, 1) == 1 ? arg : NULL;
}

/* Reads the second half of the file in 1 MiB preads, 20 times over. */
static void *reader(void *arg)
{
	unsigned char *b = malloc(MB);
	int i, k, ok = b != NULL;

	for (k = 0; k < 20 && ok; k++)
		for (i = 2; i < 4 && ok; i++)
			ok = pread(fd, b, MB, (off_t)i * MB) == MB && memcmp(b, model + (size_t)i * MB, MB) == 0;
	free(b);
	thread_ok = ok;
	return arg;
}

int main(void)
{
	unsigned char *buf = malloc(SIZE), *m;
	pthread_t t;
	long i;
	int k, ok;

	fd = open("bigt", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0 && buf, "create");
	for (i = 0; i < SIZE; i++)
		model[i] = (unsigned char)(i * 2654435761u >> 13);
	CHECK(write(fd, model, SIZE) == SIZE && fsync(fd) == 0, "write 4 MiB and fsync (on an image: read from the image)");

	CHECK(pread(fd, buf, SIZE, 0) == SIZE && memcmp(buf, model, SIZE) == 0, "one thread: a 4 MiB read");

	CHECK(pipe(gate) == 0 && pthread_create(&t, NULL, idle, NULL) == 0, "a second thread, blocked in a read");
	memset(buf, 0, SIZE);
	CHECK(pread(fd, buf, SIZE, 0) == SIZE && memcmp(buf, model, SIZE) == 0, "two threads: a 4 MiB read");
	memset(buf, 0, SIZE);
	CHECK(pread(fd, buf, 3 * MB / 2, 12345) == 3 * MB / 2 && memcmp(buf, model + 12345, 3 * MB / 2) == 0,
	      "two threads: an unaligned 1.5 MiB read");
	CHECK(lseek(fd, MB, SEEK_SET) == MB && read(fd, buf, SIZE) == 3 * MB && memcmp(buf, model + MB, 3 * MB) == 0,
	      "two threads: a read across the end returns what is there");
	CHECK(lseek(fd, 0, SEEK_CUR) == SIZE, "and moves the position by it");

	m = mmap(NULL, MB + PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED && munmap(m + MB / 2, MB / 2 + PAGE) == 0, "a buffer with an unmapped second half");
	CHECK(pread(fd, m, MB, 4096) == MB / 2 && memcmp(m, model + 4096, MB / 2) == 0,
	      "two threads: a read into it returns the bytes before the hole");
	CHECK(pread(fd, m + MB / 2, MB / 2, 0) == -1 && errno == EFAULT, "two threads: a read into the hole: EFAULT");
	CHECK(write(gate[1], "x", 1) == 1 && pthread_join(t, NULL) == 0, "the second thread ends");

	CHECK(pthread_create(&t, NULL, reader, NULL) == 0, "a reader thread");
	for (ok = 1, k = 0; k < 20 && ok; k++)
		for (i = 0; i < 2 && ok; i++)
			ok = pread(fd, buf, MB, i * MB) == MB && memcmp(buf, model + i * MB, MB) == 0;
	CHECK(pthread_join(t, NULL) == 0, "joined");
	CHECK(ok && thread_ok, "two threads reading different halves at once both get the file's bytes");

	memset(buf, 0, SIZE);
	CHECK(pread(fd, buf, SIZE, 0) == SIZE && memcmp(buf, model, SIZE) == 0, "one thread again: a 4 MiB read");
	CHECK(close(fd) == 0 && unlink("bigt") == 0, "unlink");
	free(buf);
	return 0;
}
