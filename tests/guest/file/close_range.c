/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * close_range(2) via raw syscall: closing a span with gaps, ranges past the
 * highest fd, CLOSE_RANGE_CLOEXEC and CLOSE_RANGE_UNSHARE, and EINVAL cases.
 */
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

#define CR_UNSHARE (1U << 1)
#define CR_CLOEXEC (1U << 2)

static long cr(unsigned int first, unsigned int last, unsigned int flags)
{
	return syscall(SYS_close_range, first, last, flags);
}

static int is_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

int main(void)
{
	int fd, i, ok;

	fd = open("/dev/null", O_RDONLY);
	for (i = 10; i <= 20; i++)
		dup2(fd, i);
	close(15);
	dup2(fd, 100);
	close(fd);

	CHECK(cr(12, 14, 0) == 0, "close_range 12..14");
	CHECK(is_open(10) && is_open(11) && !is_open(12) && !is_open(14) && is_open(16),
	      "only 12..14 were closed");
	CHECK(cr(14, 17, 0) == 0, "range with already-closed fds");
	CHECK(!is_open(16) && !is_open(17) && is_open(18), "16 and 17 closed");
	CHECK(cr(11, 11, 0) == 0 && !is_open(11) && is_open(10), "single-fd range");
	CHECK(cr(50, 60, 0) == 0, "range with no open fds succeeds");
	CHECK(cr(1000, ~0U, 0) == 0, "range past the table end succeeds");
	CHECK(is_open(100), "fd 100 untouched");

	/* CLOSE_RANGE_CLOEXEC marks instead of closing. */
	CHECK(cr(18, ~0U, CR_CLOEXEC) == 0, "CLOSE_RANGE_CLOEXEC 18..max");
	CHECK(fcntl(18, F_GETFD) == FD_CLOEXEC && fcntl(20, F_GETFD) == FD_CLOEXEC &&
		      fcntl(100, F_GETFD) == FD_CLOEXEC,
	      "fds 18, 20, 100 are now close-on-exec");
	CHECK(fcntl(10, F_GETFD) == 0, "fd 10 outside the range is not");

	/* CLOSE_RANGE_UNSHARE without sharing is just a close. */
	CHECK(cr(19, 19, CR_UNSHARE) == 0 && !is_open(19), "CLOSE_RANGE_UNSHARE closes too");
	CHECK(cr(20, ~0U, CR_UNSHARE | CR_CLOEXEC) == 0 && is_open(20) && is_open(100),
	      "UNSHARE|CLOEXEC keeps fds open");

	/* Errors. */
	CHECK_ERR(cr(5, 4, 0), EINVAL, "first > last fails EINVAL");
	CHECK_ERR(cr(10, 20, 1U << 0), EINVAL, "unknown flag bit 0 fails EINVAL");
	CHECK_ERR(cr(10, 20, 1U << 3), EINVAL, "unknown flag bit 3 fails EINVAL");
	CHECK(is_open(10), "fd 10 survived the failed calls");

	/* Close everything above stderr; stdio must still work. */
	CHECK(cr(3, ~0U, 0) == 0, "close_range 3..max");
	ok = 1;
	for (i = 3; i <= 100; i++)
		ok &= !is_open(i);
	CHECK(ok, "no fd above 2 remains open");
	fd = open("/dev/null", O_RDONLY);
	CHECK(fd == 3, "next open gets fd 3");
	close(fd);
	return 0;
}
