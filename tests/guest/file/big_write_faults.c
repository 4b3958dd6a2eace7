/* SPDX-License-Identifier: MIT */
/*
 * Big writes from odd buffers and in odd modes. On a host directory ukern
 * moves big writes from guest memory straight into the host file (one copy,
 * in the guest's stub) where it can; these pin down that the result is what
 * write(2) gives: a buffer with an unmapped tail writes the bytes before the
 * hole, an unmapped one gives EFAULT and writes nothing, a read-only buffer
 * is fine to write from, the position moves by what was written, O_APPEND
 * appends, a second thread changes nothing, and inotify sees the change.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

#define MB (1 << 20)
#define PAGE 4096L

static unsigned char model[2 * MB], back[2 * MB];
static int gate[2];

static void *idle(void *arg)
{
	char c;

	return read(gate[0], &c, 1) == 1 ? arg : NULL;
}

static off_t size_of(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 ? st.st_size : -1;
}

int main(void)
{
	unsigned char *m, *ro;
	int fd, in;
	long i;
	pthread_t t;
	char ev[4096];

	for (i = 0; i < 2 * MB; i++)
		model[i] = (unsigned char)(i * 2654435761u >> 9);
	in = inotify_init1(IN_NONBLOCK);
	fd = open("bigwf", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0 && in >= 0, "create");
	CHECK(inotify_add_watch(in, "bigwf", IN_MODIFY) >= 0, "watch it");

	/* 1 MiB from a buffer whose second half is unmapped. */
	m = mmap(NULL, MB + PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED && munmap(m + MB / 2, MB / 2 + PAGE) == 0, "a buffer with an unmapped second half");
	memcpy(m, model, MB / 2);
	CHECK(write(fd, m, MB) == MB / 2, "a write from it writes the bytes before the hole");
	CHECK(lseek(fd, 0, SEEK_CUR) == MB / 2 && size_of(fd) == MB / 2, "the position and size moved by that");
	CHECK(read(in, ev, sizeof(ev)) > 0, "inotify saw IN_MODIFY");
	CHECK(write(fd, m + MB / 2, MB / 2) == -1 && errno == EFAULT, "a write wholly from unmapped memory: EFAULT");
	CHECK(pwrite(fd, (void *)0xffff800000000000UL, MB, 0) == -1 && errno == EFAULT, "from the kernel half: EFAULT");
	CHECK(lseek(fd, 0, SEEK_CUR) == MB / 2 && size_of(fd) == MB / 2, "a failed write changes nothing");

	/* From read-only memory. */
	ro = mmap(NULL, MB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(ro != MAP_FAILED, "map a buffer");
	memcpy(ro, model + MB / 2, MB);
	CHECK(mprotect(ro, MB, PROT_READ) == 0, "make it read-only");
	CHECK(write(fd, ro, MB) == MB, "a write from read-only memory works");
	CHECK(pread(fd, back, 3 * MB / 2, 0) == 3 * MB / 2 && memcmp(back, model, 3 * MB / 2) == 0,
	      "the file holds both writes");

	/* pwrite leaves the position; O_APPEND appends whatever the position. */
	CHECK(pwrite(fd, model, MB, 4096) == MB && lseek(fd, 0, SEEK_CUR) == 3 * MB / 2, "pwrite leaves the position");
	CHECK(pread(fd, back, MB, 4096) == MB && memcmp(back, model, MB) == 0, "and wrote at its offset");
	close(fd);
	fd = open("bigwf", O_WRONLY | O_APPEND);
	CHECK(fd >= 0 && lseek(fd, 0, SEEK_SET) == 0, "reopen O_APPEND, seek to 0");
	CHECK(write(fd, model, MB / 2) == MB / 2 && size_of(fd) == 2 * MB, "a big O_APPEND write appends");
	close(fd);
	fd = open("bigwf", O_RDONLY);
	CHECK(fd >= 0 && write(fd, model, MB) == -1 && errno == EBADF, "a big write to a read-only fd: EBADF");
	CHECK(pread(fd, back, MB / 2, 3 * MB / 2) == MB / 2 && memcmp(back, model, MB / 2) == 0, "the appended bytes");
	close(fd);

	/* With a second thread alive. */
	fd = open("bigwf", O_RDWR);
	CHECK(fd >= 0 && pipe(gate) == 0 && pthread_create(&t, NULL, idle, NULL) == 0, "a second thread");
	CHECK(pwrite(fd, model + 7, 3 * MB / 2, 100) == 3 * MB / 2, "two threads: a 1.5 MiB pwrite");
	CHECK(pread(fd, back, 3 * MB / 2, 100) == 3 * MB / 2 && memcmp(back, model + 7, 3 * MB / 2) == 0,
	      "its bytes read back");
	CHECK(write(fd, m, MB) == MB / 2, "two threads: a write with an unmapped tail is partial");
	CHECK(write(gate[1], "x", 1) == 1 && pthread_join(t, NULL) == 0, "the second thread ends");
	CHECK(pread(fd, back, MB / 2, 0) == MB / 2 && memcmp(back, model, MB / 2) == 0,
	      "the partial write went at the position");
	close(fd);
	CHECK(unlink("bigwf") == 0, "unlink");
	return 0;
}
