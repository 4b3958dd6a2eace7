/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * dup, dup2, dup3 and F_DUPFD/F_DUPFD_CLOEXEC: lowest-fd choice, shared offset
 * and status flags, close-on-exec handling, and EBADF/EINVAL/EMFILE limits.
 */
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
	struct rlimit rl;
	char c;
	int fd, d1, d2, r;

	fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(fd >= 0 && write(fd, "abcdef", 6) == 6, "create f");
	CHECK(lseek(fd, 0, SEEK_SET) == 0, "rewind");

	/* dup */
	d1 = dup(fd);
	CHECK(d1 == fd + 1, "dup returns the lowest free fd");
	CHECK(read(d1, &c, 1) == 1 && c == 'a', "read through dup");
	CHECK(lseek(fd, 0, SEEK_CUR) == 1, "dup shares the offset");
	CHECK(fcntl(fd, F_SETFL, O_APPEND) == 0 && (fcntl(d1, F_GETFL) & O_APPEND),
	      "dup shares status flags");
	CHECK(fcntl(fd, F_SETFL, 0) == 0, "clear O_APPEND");
	CHECK(fcntl(fd, F_SETFD, FD_CLOEXEC) == 0, "set FD_CLOEXEC on original");
	CHECK(fcntl(d1, F_GETFD) == 0, "fd flags are per-descriptor");
	d2 = dup(fd);
	CHECK(d2 >= 0 && fcntl(d2, F_GETFD) == 0, "dup clears FD_CLOEXEC on the new fd");
	close(d2);
	CHECK(close(fd) == 0 && read(d1, &c, 1) == 1 && c == 'b',
	      "dup survives closing the original");
	fd = d1;
	CHECK_ERR(dup(-1), EBADF, "dup(-1) fails EBADF");
	CHECK_ERR(dup(999), EBADF, "dup of closed fd fails EBADF");

	/* dup2 */
	CHECK(dup2(fd, 20) == 20, "dup2 to 20");
	CHECK(read(20, &c, 1) == 1 && c == 'c', "fd 20 shares the file");
	d1 = open("/dev/null", O_RDONLY);
	CHECK(dup2(d1, 20) == 20, "dup2 over an open fd closes it silently");
	CHECK(read(20, &c, 1) == 0, "fd 20 now reads /dev/null");
	close(d1);
	CHECK(fcntl(fd, F_SETFD, FD_CLOEXEC) == 0, "mark fd cloexec");
	CHECK(dup2(fd, fd) == fd, "dup2(fd, fd) returns fd");
	CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC, "dup2(fd, fd) keeps FD_CLOEXEC");
	CHECK(dup2(fd, 21) == 21 && fcntl(21, F_GETFD) == 0, "dup2 clears FD_CLOEXEC");
	CHECK_ERR(dup2(-1, 22), EBADF, "dup2 bad oldfd fails EBADF");
	CHECK_ERR(fcntl(22, F_GETFD), EBADF, "newfd untouched after failed dup2");
	CHECK_ERR(dup2(999, 999), EBADF, "dup2(bad, bad) fails EBADF");
	CHECK_ERR(dup2(fd, -1), EBADF, "dup2 to -1 fails EBADF");
	getrlimit(RLIMIT_NOFILE, &rl);
	CHECK_ERR(dup2(fd, (int)rl.rlim_cur), EBADF, "dup2 to RLIMIT_NOFILE fails EBADF");
	close(20);
	close(21);

	/* dup3 */
	CHECK(dup3(fd, 30, 0) == 30 && fcntl(30, F_GETFD) == 0, "dup3 flags 0");
	CHECK(dup3(fd, 31, O_CLOEXEC) == 31 && fcntl(31, F_GETFD) == FD_CLOEXEC,
	      "dup3 O_CLOEXEC sets FD_CLOEXEC");
	CHECK(dup3(fd, 30, O_CLOEXEC) == 30 && fcntl(30, F_GETFD) == FD_CLOEXEC,
	      "dup3 replaces open fd");
	CHECK_ERR(dup3(fd, fd, 0), EINVAL, "dup3(fd, fd) fails EINVAL");
	/* musl's dup3 without O_CLOEXEC calls dup2, so test flag checks raw. */
	CHECK_ERR(syscall(SYS_dup3, fd, fd, O_CLOEXEC), EINVAL, "raw dup3(fd, fd) fails EINVAL");
	CHECK_ERR(syscall(SYS_dup3, fd, 32, O_NONBLOCK), EINVAL,
		  "raw dup3 with O_NONBLOCK fails EINVAL");
	CHECK_ERR(fcntl(32, F_GETFD), EBADF, "failed dup3 created nothing");
	CHECK_ERR(syscall(SYS_dup3, -1, 32, 0), EBADF, "raw dup3 bad oldfd fails EBADF");
	CHECK(syscall(SYS_dup3, fd, 32, 0) == 32 && fcntl(32, F_GETFD) == 0, "raw dup3 flags 0");
	close(32);
	close(30);
	close(31);

	/* F_DUPFD / F_DUPFD_CLOEXEC */
	r = fcntl(fd, F_DUPFD, 40);
	CHECK(r == 40, "F_DUPFD 40 gives 40");
	CHECK(fcntl(fd, F_DUPFD, 40) == 41, "F_DUPFD 40 gives 41 when 40 is taken");
	CHECK(fcntl(40, F_GETFD) == 0, "F_DUPFD clears FD_CLOEXEC");
	CHECK(fcntl(fd, F_DUPFD_CLOEXEC, 40) == 42 && fcntl(42, F_GETFD) == FD_CLOEXEC,
	      "F_DUPFD_CLOEXEC sets FD_CLOEXEC");
	r = fcntl(fd, F_DUPFD, 0);
	CHECK(r >= 0 && r < 40, "F_DUPFD 0 gives a low fd");
	close(r);
	CHECK_ERR(fcntl(fd, F_DUPFD, -1), EINVAL, "F_DUPFD negative fails EINVAL");
	CHECK_ERR(fcntl(fd, F_DUPFD, (int)rl.rlim_cur), EINVAL,
		  "F_DUPFD at RLIMIT_NOFILE fails EINVAL");
	CHECK_ERR(fcntl(-1, F_DUPFD, 0), EBADF, "F_DUPFD bad fd fails EBADF");
	close(40);
	close(41);
	close(42);

	/* EMFILE once the limit is reached. */
	{
		struct rlimit small = rl;

		small.rlim_cur = 50;
		CHECK(setrlimit(RLIMIT_NOFILE, &small) == 0, "lower RLIMIT_NOFILE to 50");
		CHECK(dup2(fd, 49) == 49, "dup2 to 49 works");
		CHECK_ERR(dup2(fd, 50), EBADF, "dup2 to 50 fails EBADF");
		CHECK_ERR(fcntl(fd, F_DUPFD, 49), EMFILE,
			  "F_DUPFD from 49 with 49 used fails EMFILE");
		close(49);
		CHECK(setrlimit(RLIMIT_NOFILE, &rl) == 0, "restore RLIMIT_NOFILE");
	}

	/* The raw dup2 syscall, which glibc may not use. */
	CHECK(syscall(SYS_dup2, fd, 60) == 60, "raw dup2 syscall");
	CHECK(syscall(SYS_dup2, 60, 60) == 60, "raw dup2 same fd");
	close(60);
	close(fd);
	unlink("f");
	return 0;
}
