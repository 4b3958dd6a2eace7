/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * Generic file ioctls: FIONREAD on pipes and regular files, FIONBIO toggling
 * O_NONBLOCK, FIOCLEX/FIONCLEX toggling FD_CLOEXEC, and ENOTTY/EBADF/EFAULT.
 */
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
	struct termios tio;
	int p[2], fd, n, on;
	char buf[16];

	/* FIONREAD on a pipe. */
	CHECK(pipe(p) == 0, "pipe");
	CHECK(ioctl(p[0], FIONREAD, &n) == 0 && n == 0, "FIONREAD on empty pipe is 0");
	CHECK(write(p[1], "hello", 5) == 5 && write(p[1], "!!", 2) == 2, "write 7 bytes");
	CHECK(ioctl(p[0], FIONREAD, &n) == 0 && n == 7, "FIONREAD counts 7 bytes");
	CHECK(ioctl(p[1], FIONREAD, &n) == 0 && n == 7, "FIONREAD works on the write end too");
	CHECK(read(p[0], buf, 3) == 3 && ioctl(p[0], FIONREAD, &n) == 0 && n == 4,
	      "FIONREAD drops after reading 3");
	CHECK(ioctl(p[0], TIOCINQ, &n) == 0 && n == 4, "TIOCINQ is FIONREAD");
	CHECK_ERR(syscall(SYS_ioctl, p[0], FIONREAD, (void *)1), EFAULT,
		  "FIONREAD with bad pointer fails EFAULT");

	/* FIONBIO. */
	on = 1;
	CHECK(ioctl(p[0], FIONBIO, &on) == 0, "FIONBIO on");
	CHECK((fcntl(p[0], F_GETFL) & O_NONBLOCK) != 0, "FIONBIO set O_NONBLOCK");
	CHECK(read(p[0], buf, sizeof(buf)) == 4, "drain the pipe");
	CHECK_ERR(read(p[0], buf, 1), EAGAIN, "empty non-blocking read fails EAGAIN");
	on = 0;
	CHECK(ioctl(p[0], FIONBIO, &on) == 0 && (fcntl(p[0], F_GETFL) & O_NONBLOCK) == 0,
	      "FIONBIO off clears O_NONBLOCK");
	on = 42;
	CHECK(ioctl(p[1], FIONBIO, &on) == 0 && (fcntl(p[1], F_GETFL) & O_NONBLOCK) != 0,
	      "any nonzero value turns FIONBIO on");
	CHECK_ERR(syscall(SYS_ioctl, p[1], FIONBIO, (void *)1), EFAULT,
		  "FIONBIO with bad pointer fails EFAULT");

	/* FIOCLEX / FIONCLEX. */
	CHECK(ioctl(p[0], FIOCLEX) == 0 && fcntl(p[0], F_GETFD) == FD_CLOEXEC,
	      "FIOCLEX sets FD_CLOEXEC");
	CHECK(ioctl(p[0], FIONCLEX) == 0 && fcntl(p[0], F_GETFD) == 0,
	      "FIONCLEX clears FD_CLOEXEC");

	/* Terminal ioctls on non-terminals. */
	CHECK_ERR(ioctl(p[0], TCGETS, &tio), ENOTTY, "TCGETS on a pipe fails ENOTTY");
	CHECK(!isatty(p[0]), "isatty(pipe) is false");
	close(p[0]);
	close(p[1]);

	/* Regular files. */
	fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(fd >= 0 && write(fd, "0123456789", 10) == 10, "create 10-byte file");
	CHECK(ioctl(fd, FIONREAD, &n) == 0 && n == 0, "FIONREAD at EOF is 0");
	CHECK(lseek(fd, 4, SEEK_SET) == 4 && ioctl(fd, FIONREAD, &n) == 0 && n == 6,
	      "FIONREAD on a file is size minus offset");
	CHECK(ioctl(fd, FIOCLEX) == 0 && fcntl(fd, F_GETFD) == FD_CLOEXEC, "FIOCLEX on a file");
	on = 1;
	CHECK(ioctl(fd, FIONBIO, &on) == 0 && (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0,
	      "FIONBIO on a file");
	CHECK_ERR(ioctl(fd, TCGETS, &tio), ENOTTY, "TCGETS on a file fails ENOTTY");
	CHECK_ERR(ioctl(fd, 0x7401), ENOTTY, "unknown ioctl on a file fails ENOTTY");
	CHECK(!isatty(fd) && errno == ENOTTY, "isatty(file) is false with ENOTTY");
	close(fd);

	/* /dev/null is a char device but not a tty. */
	fd = open("/dev/null", O_RDWR);
	CHECK_ERR(ioctl(fd, TCGETS, &tio), ENOTTY, "TCGETS on /dev/null fails ENOTTY");
	close(fd);

	/* Bad descriptors. */
	CHECK_ERR(ioctl(-1, FIONREAD, &n), EBADF, "ioctl on fd -1 fails EBADF");
	CHECK_ERR(ioctl(999, FIOCLEX), EBADF, "FIOCLEX on closed fd fails EBADF");
	fd = open("f", O_PATH);
	CHECK_ERR(ioctl(fd, FIONREAD, &n), EBADF, "ioctl on O_PATH fd fails EBADF");
	close(fd);
	unlink("f");
	return 0;
}
