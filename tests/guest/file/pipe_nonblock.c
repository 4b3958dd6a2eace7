/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * Non-blocking pipes: EAGAIN on empty read and full write, exact capacity,
 * partial writes above PIPE_BUF, all-or-nothing writes up to PIPE_BUF, and EOF.
 */
#include <fcntl.h>
#include <limits.h>
#include <unistd.h>
#include "check.h"

static char buf[70000];

int main(void)
{
	int p[2], q[2], err;
	long total, n;
	char c;

	CHECK(pipe2(p, O_NONBLOCK) == 0, "pipe2 O_NONBLOCK");
	CHECK_ERR(read(p[0], &c, 1), EAGAIN, "read on empty pipe fails EAGAIN");
	CHECK(read(p[0], &c, 0) == 0, "zero-byte read on empty pipe returns 0");

	/* Fill it with page-sized writes. */
	memset(buf, 'x', sizeof(buf));
	total = 0;
	for (;;) {
		n = write(p[1], buf, 4096);
		if (n < 0)
			break;
		total += n;
	}
	err = errno;
	CHECK(err == EAGAIN, "writing to a full pipe fails EAGAIN");
	CHECK(total == 65536, "capacity is 65536 bytes");
	CHECK_ERR(write(p[1], "y", 1), EAGAIN, "one more byte fails EAGAIN");

	/* Free less than PIPE_BUF: small atomic writes must not be split. */
	CHECK(read(p[0], buf, 100) == 100, "drain 100 bytes");
	CHECK_ERR(write(p[1], buf, 200), EAGAIN,
		  "200-byte write into a full page-backed pipe fails EAGAIN");

	/* Drain everything. */
	total = 100;
	while ((n = read(p[0], buf, sizeof(buf))) > 0)
		total += n;
	err = errno;
	CHECK(n < 0 && err == EAGAIN && total == 65536, "drained all 65536 bytes, then EAGAIN");

	/* Large write into empty non-blocking pipe is partial. */
	n = write(p[1], buf, sizeof(buf));
	CHECK(n == 65536, "70000-byte write writes 65536 bytes");
	while (read(p[0], buf, sizeof(buf)) > 0)
		;

	/* Atomic PIPE_BUF write into a pipe with less than PIPE_BUF space. */
	CHECK(fcntl(p[1], F_SETPIPE_SZ, 4096) == 4096, "shrink pipe to one page");
	CHECK(write(p[1], buf, 4000) == 4000, "write 4000 bytes");
	CHECK_ERR(write(p[1], buf, 200), EAGAIN, "200-byte write with 96 bytes free fails EAGAIN");
	CHECK(write(p[1], buf, 96) == 96, "96-byte write fits");
	CHECK(read(p[0], buf, 4096) == 4096, "read it all back");
	CHECK(write(p[1], buf, PIPE_BUF) == PIPE_BUF, "PIPE_BUF write into empty page");

	/* Reader sees EOF, not EAGAIN, once the writer is gone. */
	close(p[1]);
	CHECK(read(p[0], buf, sizeof(buf)) == PIPE_BUF, "read remaining data");
	CHECK(read(p[0], &c, 1) == 0, "non-blocking read with no writer returns 0");
	close(p[0]);

	/* O_NONBLOCK can be toggled with fcntl. */
	CHECK(pipe(q) == 0, "blocking pipe");
	CHECK(fcntl(q[0], F_SETFL, O_NONBLOCK) == 0, "F_SETFL O_NONBLOCK on read end");
	CHECK_ERR(read(q[0], &c, 1), EAGAIN, "now read fails EAGAIN");
	CHECK(write(q[1], "z", 1) == 1 && read(q[0], &c, 1) == 1 && c == 'z',
	      "read works when data is there");
	CHECK(fcntl(q[0], F_SETFL, 0) == 0 && (fcntl(q[0], F_GETFL) & O_NONBLOCK) == 0,
	      "clear O_NONBLOCK");
	close(q[0]);
	close(q[1]);
	return 0;
}
