/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * fcntl F_GETFD/F_SETFD and F_GETFL/F_SETFL: which status flags are reported,
 * which can be changed, O_LARGEFILE on x86-64 opens, and error numbers.
 */
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

#define KO_LARGEFILE 0100000

int main(void)
{
	int fd, fl, p[2];
	char c;

	fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(fd >= 0, "create f");

	/* F_GETFD / F_SETFD */
	CHECK(fcntl(fd, F_GETFD) == 0, "new fd has no FD_CLOEXEC");
	CHECK(fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 && fcntl(fd, F_GETFD) == FD_CLOEXEC,
	      "F_SETFD FD_CLOEXEC");
	CHECK(fcntl(fd, F_SETFD, 0) == 0 && fcntl(fd, F_GETFD) == 0, "F_SETFD 0 clears it");
	CHECK(fcntl(fd, F_SETFD, 0xfe) == 0 && fcntl(fd, F_GETFD) == 0,
	      "F_SETFD ignores bits other than FD_CLOEXEC");
	close(fd);
	fd = open("f", O_RDWR | O_CLOEXEC);
	CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC, "O_CLOEXEC sets FD_CLOEXEC");
	CHECK((fcntl(fd, F_GETFL) & O_CLOEXEC) == 0, "O_CLOEXEC is not a status flag");
	close(fd);

	/* F_GETFL access modes. */
	fd = open("f", O_RDONLY);
	CHECK((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDONLY, "F_GETFL O_RDONLY");
	close(fd);
	fd = open("f", O_WRONLY);
	CHECK((fcntl(fd, F_GETFL) & O_ACCMODE) == O_WRONLY, "F_GETFL O_WRONLY");
	close(fd);
	fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
	fl = fcntl(fd, F_GETFL);
	CHECK((fl & O_ACCMODE) == O_RDWR, "F_GETFL O_RDWR");
	CHECK((fl & (O_CREAT | O_TRUNC | O_EXCL | O_NOCTTY)) == 0,
	      "open-time flags are not reported by F_GETFL");
	CHECK((fl & KO_LARGEFILE) != 0, "open on x86-64 forces O_LARGEFILE into F_GETFL");
	close(fd);
	fd = open("f", O_PATH);
	CHECK((fcntl(fd, F_GETFL) & O_PATH) == O_PATH, "F_GETFL reports O_PATH");
	close(fd);
	fd = open(".", O_RDONLY | O_DIRECTORY);
	CHECK((fcntl(fd, F_GETFL) & O_DIRECTORY) == O_DIRECTORY, "F_GETFL reports O_DIRECTORY");
	close(fd);

	/* F_SETFL: O_APPEND and O_NONBLOCK change, access mode does not. */
	fd = open("f", O_RDONLY | O_APPEND);
	CHECK((fcntl(fd, F_GETFL) & O_APPEND) != 0, "F_GETFL reports O_APPEND");
	CHECK(fcntl(fd, F_SETFL, O_RDWR) == 0, "F_SETFL with O_RDWR succeeds");
	fl = fcntl(fd, F_GETFL);
	CHECK((fl & O_ACCMODE) == O_RDONLY, "access mode is unchanged by F_SETFL");
	CHECK((fl & O_APPEND) == 0, "F_SETFL cleared O_APPEND");
	CHECK_ERR(write(fd, "x", 1), EBADF, "still not writable");
	CHECK(fcntl(fd, F_SETFL, O_NONBLOCK | O_APPEND) == 0, "F_SETFL O_NONBLOCK|O_APPEND");
	fl = fcntl(fd, F_GETFL);
	CHECK((fl & (O_NONBLOCK | O_APPEND)) == (O_NONBLOCK | O_APPEND), "both flags set");
	CHECK(fcntl(fd, F_SETFL, O_CREAT | O_TRUNC | O_EXCL) == 0 &&
		      (fcntl(fd, F_GETFL) & (O_CREAT | O_TRUNC | O_EXCL | O_NONBLOCK)) == 0,
	      "F_SETFL ignores open-time flags");
	close(fd);

	/* Status flags live in the open file description. */
	CHECK(pipe(p) == 0, "pipe");
	CHECK((fcntl(p[0], F_GETFL) & KO_LARGEFILE) == 0, "pipe has no O_LARGEFILE");
	CHECK((fcntl(p[0], F_GETFL) & O_ACCMODE) == O_RDONLY, "pipe read end is O_RDONLY");
	CHECK((fcntl(p[1], F_GETFL) & O_ACCMODE) == O_WRONLY, "pipe write end is O_WRONLY");
	fd = dup(p[0]);
	CHECK(fcntl(p[0], F_SETFL, O_NONBLOCK) == 0, "set O_NONBLOCK on read end");
	CHECK((fcntl(fd, F_GETFL) & O_NONBLOCK) != 0, "dup sees O_NONBLOCK");
	CHECK_ERR(read(fd, &c, 1), EAGAIN, "non-blocking read through dup fails EAGAIN");
	close(fd);
	close(p[0]);
	close(p[1]);
	CHECK(pipe2(p, O_NONBLOCK | O_CLOEXEC) == 0, "pipe2 O_NONBLOCK|O_CLOEXEC");
	CHECK((fcntl(p[0], F_GETFL) & O_NONBLOCK) && fcntl(p[1], F_GETFD) == FD_CLOEXEC,
	      "pipe2 flags visible through fcntl");
	close(p[0]);
	close(p[1]);

	/* Errors. */
	CHECK_ERR(fcntl(-1, F_GETFD), EBADF, "F_GETFD bad fd fails EBADF");
	CHECK_ERR(fcntl(999, F_GETFL), EBADF, "F_GETFL closed fd fails EBADF");
	CHECK_ERR(fcntl(999, F_SETFL, 0), EBADF, "F_SETFL closed fd fails EBADF");
	fd = open("f", O_RDONLY);
	CHECK_ERR(syscall(SYS_fcntl, fd, 0x7fff, 0), EINVAL, "unknown command fails EINVAL");
	close(fd);
	fd = open("f", O_PATH);
	CHECK(fcntl(fd, F_GETFD) == 0, "F_GETFD works on O_PATH fd");
	CHECK_ERR(fcntl(fd, F_SETFL, O_NONBLOCK), EBADF, "F_SETFL on O_PATH fd fails EBADF");
	close(fd);

	unlink("f");
	return 0;
}
