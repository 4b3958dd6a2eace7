/* tags: fork */
/* SPDX-License-Identifier: MIT */
/*
 * eventfd: counter add/read-reset, EFD_SEMAPHORE, EFD_NONBLOCK (EAGAIN on empty
 * read and on overflow), poll readiness, blocking reads, and EINVAL/EFAULT.
 */
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static int wr(int fd, uint64_t v)
{
	return write(fd, &v, sizeof(v)) == (ssize_t)sizeof(v);
}

int main(void)
{
	struct pollfd pf;
	uint64_t v;
	uint32_t small;
	int fd, st;
	pid_t pid;

	fd = eventfd(5, EFD_NONBLOCK);
	CHECK(fd >= 0, "eventfd(5, EFD_NONBLOCK)");
	CHECK((fcntl(fd, F_GETFL) & O_NONBLOCK) && fcntl(fd, F_GETFD) == 0, "flags as requested");
	CHECK(read(fd, &v, sizeof(v)) == 8 && v == 5, "read returns initial value 5");
	CHECK_ERR(read(fd, &v, sizeof(v)), EAGAIN, "counter is now 0: read fails EAGAIN");
	CHECK(wr(fd, 3) && wr(fd, 4), "write 3 and 4");
	CHECK(read(fd, &v, sizeof(v)) == 8 && v == 7, "writes accumulate to 7");
	{
		uint64_t two[2] = { 0, 77 };

		CHECK(wr(fd, 2) && read(fd, two, sizeof(two)) == 8 && two[0] == 2 && two[1] == 77,
		      "16-byte read buffer reads just 8 bytes");
	}
	CHECK_ERR(read(fd, &small, sizeof(small)), EINVAL, "4-byte read fails EINVAL");
	small = 1;
	CHECK_ERR(write(fd, &small, sizeof(small)), EINVAL, "4-byte write fails EINVAL");
	v = UINT64_MAX;
	CHECK_ERR(write(fd, &v, sizeof(v)), EINVAL, "writing 0xffffffffffffffff fails EINVAL");
	CHECK(wr(fd, 0), "writing 0 succeeds");
	CHECK_ERR(read(fd, &v, sizeof(v)), EAGAIN, "and leaves the counter at 0");

	/* Overflow: the counter maximum is 0xfffffffffffffffe. */
	CHECK(wr(fd, UINT64_MAX - 1), "write the maximum value");
	CHECK_ERR(write(fd, &(uint64_t){ 1 }, 8), EAGAIN, "adding 1 more fails EAGAIN");

	/* poll readiness. */
	pf = (struct pollfd){ .fd = fd, .events = POLLIN | POLLOUT };
	CHECK(poll(&pf, 1, 0) == 1 && pf.revents == POLLIN, "full counter: POLLIN only");
	CHECK(read(fd, &v, 8) == 8 && v == UINT64_MAX - 1, "read the maximum back");
	CHECK(poll(&pf, 1, 0) == 1 && pf.revents == POLLOUT, "empty counter: POLLOUT only");
	close(fd);

	/* Semaphore mode. */
	fd = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC);
	CHECK(fd >= 0 && fcntl(fd, F_GETFD) == FD_CLOEXEC, "semaphore eventfd with EFD_CLOEXEC");
	CHECK(read(fd, &v, 8) == 8 && v == 1, "semaphore read returns 1");
	CHECK(read(fd, &v, 8) == 8 && v == 1, "again 1");
	CHECK(read(fd, &v, 8) == 8 && v == 1, "third read 1");
	CHECK_ERR(read(fd, &v, 8), EAGAIN, "exhausted: EAGAIN");
	close(fd);

	/* Blocking read woken by a child's write. */
	fd = eventfd(0, 0);
	CHECK(fd >= 0 && (fcntl(fd, F_GETFL) & O_NONBLOCK) == 0, "blocking eventfd");
	pid = fork();
	if (pid == 0)
		_exit(wr(fd, 42) ? 0 : 1);
	CHECK(read(fd, &v, 8) == 8 && v == 42, "blocking read gets child's 42");
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0, "child ok");
	close(fd);

	/* eventfd2 flag validation and the old eventfd syscall. */
	CHECK_ERR(syscall(SYS_eventfd2, 0, 0x2), EINVAL, "unknown flag fails EINVAL");
	CHECK_ERR(syscall(SYS_eventfd2, 0, O_APPEND), EINVAL, "O_APPEND flag fails EINVAL");
	fd = syscall(SYS_eventfd, 9);
	CHECK(fd >= 0 && read(fd, &v, 8) == 8 && v == 9, "legacy eventfd syscall");
	CHECK(wr(fd, 1), "write 1");
	CHECK_ERR(syscall(SYS_read, fd, (void *)1, 8), EFAULT, "read into bad buffer fails EFAULT");
	CHECK_ERR(syscall(SYS_write, fd, (void *)1, 8), EFAULT,
		  "write from bad buffer fails EFAULT");
	close(fd);
	return 0;
}
