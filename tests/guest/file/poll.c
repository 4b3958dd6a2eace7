/* tags: fork signal */
/* SPDX-License-Identifier: MIT */
/*
 * poll/ppoll: readiness of pipe ends and regular files, POLLHUP/POLLERR/POLLNVAL,
 * negative fds, timeouts, ppoll's signal mask and EINTR, and EINVAL/EFAULT.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
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

int main(void)
{
	struct pollfd pf[4];
	struct timespec ts;
	struct rlimit rl;
	sigset_t block, empty;
	int p[2], fd, r;
	char c;
	pid_t pid;

	sigemptyset(&empty);
	CHECK(pipe(p) == 0, "pipe");
	pf[0] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	pf[1] = (struct pollfd){ .fd = p[1], .events = POLLOUT };
	CHECK(poll(pf, 2, 0) == 1, "only the write end is ready");
	CHECK(pf[0].revents == 0 && pf[1].revents == POLLOUT, "revents: none / POLLOUT");
	CHECK(poll(pf, 1, 20) == 0 && pf[0].revents == 0, "empty pipe times out after 20 ms");

	CHECK(write(p[1], "x", 1) == 1, "write a byte");
	CHECK(poll(pf, 2, 0) == 2, "both ends ready");
	CHECK(pf[0].revents == POLLIN, "read end POLLIN");
	pf[0].events = POLLIN | POLLRDNORM;
	CHECK(poll(pf, 1, -1) == 1 && pf[0].revents == (POLLIN | POLLRDNORM),
	      "POLLRDNORM reported when asked");
	pf[0].events = POLLOUT;
	CHECK(poll(pf, 1, 0) == 0 && pf[0].revents == 0, "read end never POLLOUT");
	pf[0].events = POLLIN;
	CHECK(read(p[0], &c, 1) == 1, "drain");

	/* Writer closed: POLLHUP even if not requested. */
	close(p[1]);
	pf[0].events = 0;
	CHECK(poll(pf, 1, 0) == 1 && pf[0].revents == POLLHUP, "POLLHUP on read end after close");
	close(p[0]);

	/* Reader closed: POLLERR on the write end. */
	CHECK(pipe(p) == 0, "pipe");
	close(p[0]);
	pf[1] = (struct pollfd){ .fd = p[1], .events = POLLOUT };
	CHECK(poll(&pf[1], 1, 0) == 1 && (pf[1].revents & POLLERR),
	      "POLLERR on orphaned write end");
	close(p[1]);

	/* Invalid and negative fds. */
	pf[0] = (struct pollfd){ .fd = 999, .events = POLLIN };
	pf[1] = (struct pollfd){ .fd = -1, .events = POLLIN, .revents = POLLIN };
	CHECK(poll(pf, 2, 0) == 1, "closed fd counts as ready");
	CHECK(pf[0].revents == POLLNVAL, "closed fd gives POLLNVAL");
	CHECK(pf[1].revents == 0, "negative fd is ignored and revents cleared");

	/* Regular files are always ready. */
	fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
	pf[0] = (struct pollfd){ .fd = fd, .events = POLLIN | POLLOUT };
	CHECK(poll(pf, 1, -1) == 1 && pf[0].revents == (POLLIN | POLLOUT),
	      "regular file is POLLIN|POLLOUT");
	close(fd);
	unlink("f");
	CHECK(poll(NULL, 0, 10) == 0, "poll with no fds sleeps and returns 0");

	/* Errors. */
	getrlimit(RLIMIT_NOFILE, &rl);
	CHECK_ERR(syscall(SYS_poll, pf, (unsigned long)rl.rlim_cur + 1, 0), EINVAL,
		  "nfds above RLIMIT_NOFILE fails EINVAL");
	CHECK_ERR(syscall(SYS_poll, (void *)1, 1, 0), EFAULT, "bad pollfd pointer fails EFAULT");
	ts = (struct timespec){ 0, 1000000000 };
	CHECK_ERR(syscall(SYS_ppoll, pf, 1, &ts, NULL, 8), EINVAL,
		  "ppoll tv_nsec 1e9 fails EINVAL");
	ts = (struct timespec){ -1, 0 };
	CHECK_ERR(syscall(SYS_ppoll, pf, 1, &ts, NULL, 8), EINVAL,
		  "ppoll negative tv_sec fails EINVAL");
	CHECK_ERR(syscall(SYS_ppoll, pf, 1, NULL, &empty, 4), EINVAL,
		  "ppoll sigsetsize 4 fails EINVAL");

	/* ppoll with a zero timeout and a timeout that expires. */
	CHECK(pipe(p) == 0, "pipe");
	pf[0] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	ts = (struct timespec){ 0, 0 };
	CHECK(ppoll(pf, 1, &ts, NULL) == 0, "ppoll zero timeout");
	ts = (struct timespec){ 0, 20000000 };
	CHECK(ppoll(pf, 1, &ts, NULL) == 0, "ppoll 20 ms timeout expires");

	/* ppoll's mask lets a blocked, pending signal in: EINTR. */
	signal(SIGUSR1, on_usr1);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, NULL);
	raise(SIGUSR1);
	CHECK(got == 0, "SIGUSR1 blocked and pending");
	CHECK(poll(pf, 1, 0) == 0, "plain poll not interrupted");
	CHECK_ERR(ppoll(pf, 1, NULL, &empty), EINTR, "ppoll with unblocking mask fails EINTR");
	CHECK(got == 1, "handler ran during ppoll");
	ts = (struct timespec){ 0, 0 };
	CHECK(ppoll(pf, 1, &ts, &empty) == 0, "no signal pending now");

	/* A child writing wakes a blocking poll. */
	pid = fork();
	if (pid == 0) {
		struct timespec d = { 0, 20000000 };

		nanosleep(&d, NULL);
		_exit(write(p[1], "w", 1) == 1 ? 0 : 1);
	}
	r = poll(pf, 1, 5000);
	CHECK(r == 1 && pf[0].revents == POLLIN, "blocking poll woken by child's write");
	waitpid(pid, NULL, 0);
	close(p[0]);
	close(p[1]);
	return 0;
}
