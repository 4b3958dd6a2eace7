/* tags: mm fs signal */
/* SPDX-License-Identifier: MIT */
/*
 * File mappings: MAP_PRIVATE sees the file and keeps writes private,
 * MAP_SHARED writes reach read() and write() reaches the mapping, offsets,
 * the tail past EOF (zeroes, then SIGBUS), and the EACCES/EBADF/ENODEV cases.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include "check.h"

#define PG 4096

static sigjmp_buf jb;
static volatile int fault_sig;

static void on_fault(int sig)
{
	fault_sig = sig;
	siglongjmp(jb, 1);
}

/* Returns 0 if the byte at p can be read, else the signal number. */
static int try_read(volatile char *p)
{
	fault_sig = 0;
	if (sigsetjmp(jb, 1))
		return fault_sig;
	(void)*p;
	return 0;
}

static char pat(size_t i)
{
	return (char)('a' + (i / PG) * 3 + i % 17);
}

int main(void)
{
	const size_t flen = 3 * PG + 100;
	struct sigaction sa;
	char *buf, *p, *q;
	int fd, rfd, wfd, pfd[2];
	size_t i;
	int ok;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fault;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);

	buf = malloc(flen);
	for (i = 0; i < flen; i++)
		buf[i] = pat(i);
	fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0, "create file");
	CHECK(write(fd, buf, flen) == (ssize_t)flen, "write file contents");

	/* MAP_PRIVATE read-only. */
	p = mmap(NULL, flen, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED, "MAP_PRIVATE PROT_READ");
	CHECK(memcmp(p, buf, flen) == 0, "private mapping shows what write() wrote");
	CHECK(munmap(p, flen) == 0, "munmap");

	/* MAP_PRIVATE writable: writes stay in the mapping. */
	p = mmap(NULL, flen, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED, "MAP_PRIVATE PROT_READ|PROT_WRITE");
	memset(p, 'X', PG);
	CHECK(p[0] == 'X' && p[PG] == pat(PG), "private write is visible in the mapping");
	{
		char c = 0;

		CHECK(pread(fd, &c, 1, 0) == 1 && c == pat(0),
		      "private write does not reach the file");
	}
	CHECK(munmap(p, flen) == 0, "munmap private");

	/* MAP_SHARED: writes reach the file; file writes reach the mapping. */
	p = mmap(NULL, flen, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "MAP_SHARED PROT_READ|PROT_WRITE");
	CHECK(memcmp(p, buf, flen) == 0, "shared mapping shows the file");
	memcpy(p + 10, "shared!", 7);
	{
		char c[8] = { 0 };

		CHECK(pread(fd, c, 7, 10) == 7 && memcmp(c, "shared!", 7) == 0,
		      "shared write is seen by read()");
	}
	CHECK(msync(p, flen, MS_SYNC) == 0, "msync MS_SYNC");
	CHECK(pwrite(fd, "FROMWRITE", 9, PG + 5) == 9, "pwrite into the file");
	CHECK(memcmp(p + PG + 5, "FROMWRITE", 9) == 0,
	      "write() is seen through the shared mapping");

	/* Second shared mapping of the same file sees the same bytes. */
	q = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(q != MAP_FAILED && memcmp(q + 10, "shared!", 7) == 0,
	      "another shared mapping sees the same page");
	p[11] = 'H';
	CHECK(q != MAP_FAILED && q[11] == 'H', "writes are coherent between two shared mappings");
	munmap(q, PG);

	/* Tail of the last page is zero; a page wholly past EOF gives SIGBUS. */
	CHECK(p[3 * PG + 99] == pat(3 * PG + 99), "last byte of the file");
	ok = 1;
	for (i = 3 * PG + 100; i < 4 * PG; i++)
		if (p[i])
			ok = 0;
	CHECK(ok, "rest of the last page reads as zero");
	CHECK(munmap(p, flen) == 0, "munmap shared");
	p = mmap(NULL, 5 * PG, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "mapping longer than the file");
	CHECK(try_read(p + 3 * PG) == 0, "page containing EOF is readable");
	CHECK(try_read(p + 4 * PG) == SIGBUS, "page past EOF raises SIGBUS");
	munmap(p, 5 * PG);

	/* Extending the file makes new zero bytes visible. */
	CHECK(ftruncate(fd, 5 * PG) == 0, "ftruncate to 5 pages");
	p = mmap(NULL, 5 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "map the extended file");
	CHECK(p[4 * PG] == 0 && p[5 * PG - 1] == 0, "extended part reads as zero");
	p[5 * PG - 1] = 'Z';
	munmap(p, 5 * PG);
	{
		char c = 0;

		CHECK(pread(fd, &c, 1, 5 * PG - 1) == 1 && c == 'Z',
		      "write to the extended part reaches the file");
	}

	/* Mapping at an offset. */
	p = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 2 * PG);
	CHECK(p != MAP_FAILED, "map at offset 2 pages");
	CHECK(p != MAP_FAILED && p[0] == pat(2 * PG) && p[PG - 1] == pat(3 * PG - 1),
	      "offset mapping shows the right page");
	munmap(p, PG);
	p = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, PG);
	CHECK(p != MAP_FAILED && memcmp(p + 5, "FROMWRITE", 9) == 0,
	      "shared offset mapping shows the right page");
	munmap(p, PG);
	CHECK_ERR(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 100), EINVAL,
		  "unaligned offset is EINVAL");
	CHECK(close(fd) == 0, "close");

	/* Mapping survives close of the fd. */
	fd = open("f", O_RDWR);
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	CHECK(p != MAP_FAILED && p[10] == 's', "mapping outlives its fd");
	p[0] = 'Q';
	munmap(p, PG);
	fd = open("f", O_RDONLY);
	{
		char c = 0;

		CHECK(read(fd, &c, 1) == 1 && c == 'Q',
		      "write through a closed fd's mapping reached the file");
	}

	/* Access checks. */
	rfd = fd;
	CHECK_ERR(mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, rfd, 0),
		  EACCES, "O_RDONLY fd with PROT_WRITE MAP_SHARED is EACCES");
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, rfd, 0);
	CHECK(p != MAP_FAILED, "O_RDONLY fd with PROT_WRITE MAP_PRIVATE is allowed");
	if (p != MAP_FAILED) {
		p[0] = 'w';
		munmap(p, PG);
	}
	p = mmap(NULL, PG, PROT_READ, MAP_SHARED, rfd, 0);
	CHECK(p != MAP_FAILED, "O_RDONLY fd with PROT_READ MAP_SHARED is allowed");
	if (p != MAP_FAILED)
		munmap(p, PG);
	close(rfd);
	wfd = open("f", O_WRONLY);
	CHECK_ERR(mmap(NULL, PG, PROT_READ, MAP_SHARED, wfd, 0), EACCES, "O_WRONLY fd is EACCES");
	close(wfd);
	CHECK_ERR(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, wfd, 0), EBADF, "closed fd is EBADF");
	CHECK_ERR(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, -1, 0), EBADF,
		  "fd -1 without MAP_ANONYMOUS is EBADF");
	CHECK(pipe(pfd) == 0, "pipe");
	CHECK_ERR(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, pfd[0], 0), ENODEV,
		  "mapping a pipe is ENODEV");
	close(pfd[0]);
	close(pfd[1]);
	fd = open("f", O_RDWR);
	CHECK_ERR(syscall(SYS_mmap, NULL, PG, PROT_READ, MAP_SHARED_VALIDATE | 0x400000, fd, 0),
		  EOPNOTSUPP, "unknown flag with MAP_SHARED_VALIDATE is EOPNOTSUPP");
	close(fd);

	CHECK(unlink("f") == 0, "unlink");
	free(buf);
	return 0;
}
