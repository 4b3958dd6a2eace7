/* tags: fork signal */
/* SPDX-License-Identifier: MIT */
/*
 * epoll: create1 flags, ctl ADD/MOD/DEL and their errors, level- vs
 * edge-triggered reporting, EPOLLONESHOT, EPOLLHUP/EPOLLERR, nesting, epoll_pwait.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/epoll.h>
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

static int ctl(int ep, int op, int fd, unsigned int events, uint64_t data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };

	return epoll_ctl(ep, op, fd, &ev);
}

int main(void)
{
	struct epoll_event ev[8];
	sigset_t block, empty;
	int ep, ep2, p[2], q[2], fd;
	char c, buf[8];
	pid_t pid;

	ep = epoll_create1(0);
	CHECK(ep >= 0 && fcntl(ep, F_GETFD) == 0, "epoll_create1(0)");
	fd = epoll_create1(EPOLL_CLOEXEC);
	CHECK(fd >= 0 && fcntl(fd, F_GETFD) == FD_CLOEXEC, "EPOLL_CLOEXEC");
	close(fd);
	CHECK_ERR(epoll_create1(1), EINVAL, "epoll_create1 bad flag fails EINVAL");
	CHECK_ERR(syscall(SYS_epoll_create, 0), EINVAL, "epoll_create(0) fails EINVAL");
	fd = syscall(SYS_epoll_create, 1);
	CHECK(fd >= 0, "epoll_create(1)");
	close(fd);

	CHECK(pipe(p) == 0 && pipe(q) == 0, "two pipes");
	CHECK(ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 100) == 0, "ADD p[0] for EPOLLIN");
	CHECK(epoll_wait(ep, ev, 8, 0) == 0, "nothing ready");
	CHECK(epoll_wait(ep, ev, 8, 20) == 0, "20 ms timeout expires");
	CHECK(write(p[1], "ab", 2) == 2, "write 2 bytes");
	CHECK(epoll_wait(ep, ev, 8, -1) == 1 && ev[0].events == EPOLLIN && ev[0].data.u64 == 100,
	      "EPOLLIN with our data");
	CHECK(epoll_wait(ep, ev, 8, 0) == 1, "level-triggered: reported again");

	/* ctl errors. */
	CHECK_ERR(ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 0), EEXIST, "second ADD fails EEXIST");
	CHECK_ERR(ctl(ep, EPOLL_CTL_MOD, q[0], EPOLLIN, 0), ENOENT, "MOD unknown fd fails ENOENT");
	CHECK_ERR(ctl(ep, EPOLL_CTL_DEL, q[0], 0, 0), ENOENT, "DEL unknown fd fails ENOENT");
	CHECK_ERR(ctl(ep, EPOLL_CTL_ADD, ep, EPOLLIN, 0), EINVAL,
		  "adding epfd to itself fails EINVAL");
	CHECK_ERR(ctl(ep, EPOLL_CTL_ADD, 999, EPOLLIN, 0), EBADF, "ADD closed fd fails EBADF");
	CHECK_ERR(ctl(-1, EPOLL_CTL_ADD, q[0], EPOLLIN, 0), EBADF, "bad epfd fails EBADF");
	CHECK_ERR(ctl(q[0], EPOLL_CTL_ADD, q[1], EPOLLIN, 0), EINVAL,
		  "non-epoll epfd fails EINVAL");
	CHECK_ERR(ctl(ep, 42, q[0], EPOLLIN, 0), EINVAL, "bad op fails EINVAL");
	fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK_ERR(ctl(ep, EPOLL_CTL_ADD, fd, EPOLLIN, 0), EPERM, "regular file fails EPERM");
	close(fd);
	unlink("f");
	CHECK_ERR(syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, q[0], (void *)1), EFAULT,
		  "bad event pointer fails EFAULT");
	CHECK_ERR(epoll_wait(ep, ev, 0, 0), EINVAL, "maxevents 0 fails EINVAL");
	CHECK_ERR(syscall(SYS_epoll_wait, ep, ev, -1, 0), EINVAL, "maxevents -1 fails EINVAL");
	CHECK_ERR(epoll_wait(q[0], ev, 1, 0), EINVAL, "epoll_wait on non-epoll fd fails EINVAL");
	CHECK_ERR(syscall(SYS_epoll_wait, ep, (void *)1, 1, 0), EFAULT,
		  "epoll_wait bad events pointer fails EFAULT");

	/* MOD and multiple fds. */
	CHECK(ctl(ep, EPOLL_CTL_ADD, q[1], EPOLLOUT, 200) == 0, "ADD q[1] for EPOLLOUT");
	CHECK(epoll_wait(ep, ev, 8, 0) == 2, "two fds ready");
	CHECK(epoll_wait(ep, ev, 1, 0) == 1, "maxevents limits the result");
	CHECK(ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLOUT, 101) == 0, "MOD p[0] to EPOLLOUT only");
	CHECK(epoll_wait(ep, ev, 8, 0) == 1 && ev[0].data.u64 == 200, "only q[1] is ready now");
	CHECK(ctl(ep, EPOLL_CTL_DEL, q[1], 0, 0) == 0, "DEL q[1]");
	CHECK(epoll_wait(ep, ev, 8, 0) == 0, "nothing ready after DEL and MOD");
	CHECK(ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLET, 102) == 0,
	      "MOD p[0] to edge-triggered");

	/* Edge-triggered: one report per new arrival. */
	CHECK(epoll_wait(ep, ev, 8, 0) == 1 && ev[0].data.u64 == 102,
	      "MOD re-arms the edge for pending data");
	CHECK(epoll_wait(ep, ev, 8, 0) == 0, "no repeat without new data");
	CHECK(read(p[0], &c, 1) == 1, "read 1 of 2 bytes");
	CHECK(epoll_wait(ep, ev, 8, 0) == 0, "partial read does not re-arm");
	CHECK(write(p[1], "c", 1) == 1, "new data arrives");
	CHECK(epoll_wait(ep, ev, 8, 0) == 1, "new data gives a new edge");
	CHECK(read(p[0], buf, sizeof(buf)) == 2, "drain");

	/* EPOLLONESHOT. */
	CHECK(ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLONESHOT, 103) == 0, "MOD to ONESHOT");
	CHECK(write(p[1], "d", 1) == 1, "write");
	CHECK(epoll_wait(ep, ev, 8, 0) == 1 && ev[0].data.u64 == 103, "oneshot fires once");
	CHECK(write(p[1], "e", 1) == 1, "write more");
	CHECK(epoll_wait(ep, ev, 8, 0) == 0, "oneshot is disarmed");
	CHECK_ERR(ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 0), EEXIST,
		  "disarmed fd is still registered");
	CHECK(ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN, 104) == 0, "MOD re-arms");
	CHECK(epoll_wait(ep, ev, 8, 0) == 1 && ev[0].data.u64 == 104, "ready again after MOD");
	CHECK(read(p[0], buf, sizeof(buf)) == 2, "drain");

	/* HUP and ERR are always reported. */
	CHECK(ctl(ep, EPOLL_CTL_MOD, p[0], 0, 105) == 0, "MOD with no events");
	close(p[1]);
	CHECK(epoll_wait(ep, ev, 8, 0) == 1 && ev[0].events == EPOLLHUP,
	      "EPOLLHUP reported without asking");
	close(q[0]);
	CHECK(ctl(ep, EPOLL_CTL_ADD, q[1], 0, 106) == 0, "ADD orphaned write end");
	CHECK(epoll_wait(ep, ev, 8, 0) == 2, "HUP and ERR fds ready");
	CHECK((ev[0].data.u64 == 106 && (ev[0].events & EPOLLERR)) ||
		      (ev[1].data.u64 == 106 && (ev[1].events & EPOLLERR)),
	      "EPOLLERR on write end without readers");

	/* Closing the only fd removes it from the set. */
	close(p[0]);
	close(q[1]);
	CHECK(epoll_wait(ep, ev, 8, 0) == 0, "closed fds disappear from the interest list");

	/* Nested epoll. */
	CHECK(pipe(p) == 0, "pipe");
	ep2 = epoll_create1(0);
	CHECK(ctl(ep2, EPOLL_CTL_ADD, p[0], EPOLLIN, 7) == 0, "inner epoll watches pipe");
	CHECK(ctl(ep, EPOLL_CTL_ADD, ep2, EPOLLIN, 8) == 0, "outer epoll watches inner");
	CHECK_ERR(ctl(ep2, EPOLL_CTL_ADD, ep, EPOLLIN, 9), ELOOP, "epoll cycle fails ELOOP");
	CHECK(epoll_wait(ep, ev, 8, 0) == 0, "nothing ready in the nest");
	CHECK(write(p[1], "n", 1) == 1, "write to the pipe");
	CHECK(epoll_wait(ep, ev, 8, 0) == 1 && ev[0].data.u64 == 8, "outer sees inner ready");
	CHECK(epoll_wait(ep2, ev, 8, 0) == 1 && ev[0].data.u64 == 7, "inner sees pipe ready");
	CHECK(read(p[0], &c, 1) == 1, "drain");

	/* epoll_pwait with a signal mask: EINTR. */
	signal(SIGUSR1, on_usr1);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, NULL);
	raise(SIGUSR1);
	sigemptyset(&empty);
	CHECK(epoll_pwait(ep2, ev, 8, 0, NULL) == 0 && got == 0, "epoll_pwait with NULL mask");
	CHECK_ERR(epoll_pwait(ep2, ev, 8, -1, &empty), EINTR, "epoll_pwait unblocking mask: EINTR");
	CHECK(got == 1, "handler ran");

	/* Blocking wait woken by a child. */
	pid = fork();
	if (pid == 0) {
		struct timespec d = { 0, 20000000 };

		nanosleep(&d, NULL);
		_exit(write(p[1], "w", 1) == 1 ? 0 : 1);
	}
	CHECK(epoll_wait(ep2, ev, 8, 5000) == 1 && ev[0].events == EPOLLIN,
	      "blocking epoll_wait woken by child");
	waitpid(pid, NULL, 0);

	close(p[0]);
	close(p[1]);
	close(ep2);
	close(ep);
	return 0;
}
