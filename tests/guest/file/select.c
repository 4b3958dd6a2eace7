/* tags: fork signal */
/* SPDX-License-Identifier: MIT */
/*
 * select/pselect6: read/write/except sets on pipes and files, fd sets being
 * rewritten, timeouts, pselect's signal mask and EINTR, and EBADF/EINVAL/EFAULT.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static volatile sig_atomic_t got;

static void on_usr1(int sig)
{
	(void)sig;
	got++;
}

struct sigarg {
	const sigset_t *set;
	size_t size;
};

int main(void)
{
	fd_set r, w, e;
	struct timeval tv;
	struct timespec ts;
	struct sigarg sa;
	sigset_t block, empty;
	int p[2], fd, n;
	char c;
	pid_t pid;

	CHECK(pipe(p) == 0, "pipe");
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(p[0], &r);
	FD_SET(p[1], &w);
	tv = (struct timeval){ 0, 0 };
	n = select(p[1] + 1, &r, &w, NULL, &tv);
	CHECK(n == 1, "one fd ready on a fresh pipe");
	CHECK(!FD_ISSET(p[0], &r) && FD_ISSET(p[1], &w), "only the write end is set");

	FD_ZERO(&r);
	FD_SET(p[0], &r);
	tv = (struct timeval){ 0, 20000 };
	CHECK(select(p[0] + 1, &r, NULL, NULL, &tv) == 0, "empty pipe times out after 20 ms");
	CHECK(!FD_ISSET(p[0], &r), "timed-out set is cleared");
	/* musl's select passes a copy to pselect6, so use the raw syscall here. */
	FD_SET(p[0], &r);
	tv = (struct timeval){ 0, 10000 };
	CHECK(syscall(SYS_select, p[0] + 1, &r, NULL, NULL, &tv) == 0, "raw select times out");
	CHECK(tv.tv_sec == 0 && tv.tv_usec == 0, "raw select updates the timeout to 0");

	CHECK(write(p[1], "x", 1) == 1, "write a byte");
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(p[0], &r);
	FD_SET(p[1], &w);
	CHECK(select(p[1] + 1, &r, &w, NULL, NULL) == 2, "both ends ready (count 2)");
	CHECK(FD_ISSET(p[0], &r) && FD_ISSET(p[1], &w), "both bits set");
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	FD_SET(p[1], &r);
	CHECK(select(p[1] + 1, &r, NULL, NULL, NULL) == 1 && FD_ISSET(p[0], &r) &&
		      !FD_ISSET(p[1], &r),
	      "write end is never readable");
	CHECK(read(p[0], &c, 1) == 1, "drain");

	/* EOF makes the read end readable. */
	close(p[1]);
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	CHECK(select(p[0] + 1, &r, NULL, NULL, NULL) == 1 && FD_ISSET(p[0], &r),
	      "read end readable at EOF");
	FD_ZERO(&e);
	FD_SET(p[0], &e);
	tv = (struct timeval){ 0, 0 };
	CHECK(select(p[0] + 1, NULL, NULL, &e, &tv) == 0, "no exceptional condition on a pipe");
	close(p[0]);

	/* Regular file. */
	fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(fd, &r);
	FD_SET(fd, &w);
	CHECK(select(fd + 1, &r, &w, NULL, NULL) == 2, "regular file readable and writable");

	/* nfds limits which fds are looked at. */
	FD_ZERO(&r);
	FD_SET(fd, &r);
	tv = (struct timeval){ 0, 0 };
	CHECK(select(fd, &r, NULL, NULL, &tv) == 0, "fd at nfds is not examined");
	close(fd);
	unlink("f");

	/* Errors. */
	fd = dup(0);
	close(fd);
	FD_ZERO(&r);
	FD_SET(fd, &r);
	tv = (struct timeval){ 0, 0 };
	CHECK_ERR(syscall(SYS_select, fd + 1, &r, NULL, NULL, &tv), EBADF,
		  "closed fd in set fails EBADF");
	CHECK_ERR(syscall(SYS_select, -1, NULL, NULL, NULL, NULL), EINVAL,
		  "negative nfds fails EINVAL");
	tv = (struct timeval){ -1, 0 };
	CHECK_ERR(syscall(SYS_select, 0, NULL, NULL, NULL, &tv), EINVAL,
		  "negative timeout fails EINVAL");
	CHECK_ERR(syscall(SYS_select, 1, (void *)1, NULL, NULL, NULL), EFAULT,
		  "bad fd_set pointer fails EFAULT");
	ts = (struct timespec){ 0, 1000000000 };
	CHECK_ERR(syscall(SYS_pselect6, 0, NULL, NULL, NULL, &ts, NULL), EINVAL,
		  "pselect6 tv_nsec 1e9 fails EINVAL");
	sigemptyset(&empty);
	sa = (struct sigarg){ &empty, 4 };
	ts = (struct timespec){ 0, 0 };
	CHECK_ERR(syscall(SYS_pselect6, 0, NULL, NULL, NULL, &ts, &sa), EINVAL,
		  "pselect6 sigsetsize 4 fails EINVAL");
	sa = (struct sigarg){ &empty, 8 };
	CHECK(syscall(SYS_pselect6, 0, NULL, NULL, NULL, &ts, &sa) == 0, "pselect6 sigsetsize 8");
	sa = (struct sigarg){ NULL, 4 };
	CHECK(syscall(SYS_pselect6, 0, NULL, NULL, NULL, &ts, &sa) == 0,
	      "pselect6 with NULL mask ignores size");

	/* pselect with an unblocking mask takes a pending signal: EINTR. */
	signal(SIGUSR1, on_usr1);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, NULL);
	raise(SIGUSR1);
	CHECK(pipe(p) == 0, "pipe");
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	ts = (struct timespec){ 0, 0 };
	CHECK(pselect(p[0] + 1, &r, NULL, NULL, &ts, NULL) == 0 && got == 0,
	      "pselect without mask leaves the signal pending");
	FD_SET(p[0], &r);
	CHECK_ERR(pselect(p[0] + 1, &r, NULL, NULL, NULL, &empty), EINTR,
		  "pselect with unblocking mask fails EINTR");
	CHECK(got == 1, "handler ran");

	/* Blocking select woken by a child. */
	pid = fork();
	if (pid == 0) {
		struct timespec d = { 0, 20000000 };

		nanosleep(&d, NULL);
		_exit(write(p[1], "w", 1) == 1 ? 0 : 1);
	}
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	tv = (struct timeval){ 5, 0 };
	CHECK(select(p[0] + 1, &r, NULL, NULL, &tv) == 1 && FD_ISSET(p[0], &r),
	      "blocking select woken by child's write");
	waitpid(pid, NULL, 0);
	close(p[0]);
	close(p[1]);
	return 0;
}
