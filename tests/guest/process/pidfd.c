/* tags: fork signal */
/* SPDX-License-Identifier: MIT */
/*
 * pidfd_open, poll on a pidfd, pidfd_send_signal and waitid(P_PIDFD); errors for
 * bad flags, reaped and nonexistent pids, and non-pidfd fds. Raw syscalls throughout.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "check.h"

#ifndef P_PIDFD
#define P_PIDFD 3
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif
#ifndef PIDFD_NONBLOCK
#define PIDFD_NONBLOCK O_NONBLOCK
#endif
#define NOPID 0x3fffffff

static int pidfd_open(pid_t pid, unsigned int flags)
{
	return syscall(SYS_pidfd_open, pid, flags);
}

static int pidfd_kill(int fd, int sig, unsigned int flags)
{
	return syscall(SYS_pidfd_send_signal, fd, sig, NULL, flags);
}

static int pidfd_waitid(int fd, siginfo_t *si, int options)
{
	memset(si, 0, sizeof(*si));
	return syscall(SYS_waitid, P_PIDFD, fd, si, options, NULL);
}

static short revents(int fd, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	if (poll(&p, 1, timeout_ms) < 0)
		return -1;
	return p.revents;
}

int main(void)
{
	siginfo_t si;
	sigset_t set;
	int pfd, nb, p[2], st;
	pid_t pid;

	/* A child that exits when told to. */
	CHECK(pipe(p) == 0, "pipe");
	pid = fork();
	if (pid == 0) {
		char c;

		close(p[1]);
		_exit(read(p[0], &c, 1) == 1 ? 5 : 6);
	}
	close(p[0]);
	pfd = pidfd_open(pid, 0);
	CHECK(pfd >= 0, "pidfd_open(child)");
	CHECK(fcntl(pfd, F_GETFD) == FD_CLOEXEC, "pidfds are close-on-exec");
	CHECK(revents(pfd, 0) == 0, "running child: not readable");
	CHECK(pidfd_kill(pfd, 0, 0) == 0, "signal 0 checks the child exists");
	CHECK(pidfd_waitid(pfd, &si, WEXITED | WNOHANG) == 0 && si.si_pid == 0,
	      "waitid WNOHANG on a running child: nothing");
	nb = pidfd_open(pid, PIDFD_NONBLOCK);
	CHECK(nb >= 0 && (fcntl(nb, F_GETFL) & O_NONBLOCK), "PIDFD_NONBLOCK");
	CHECK_ERR(pidfd_waitid(nb, &si, WEXITED), EAGAIN,
		  "waitid on a non-blocking pidfd of a running child: EAGAIN");
	CHECK(write(p[1], "x", 1) == 1, "tell the child to exit");
	CHECK(revents(pfd, 5000) & POLLIN, "exited child: POLLIN");
	CHECK(revents(nb, 0) & POLLIN, "the other pidfd too");
	CHECK(pidfd_waitid(pfd, &si, WEXITED) == 0, "waitid(P_PIDFD)");
	CHECK(si.si_pid == pid && si.si_signo == SIGCHLD && si.si_code == CLD_EXITED &&
		      si.si_status == 5,
	      "siginfo: child pid, CLD_EXITED, status 5");
	CHECK_ERR(waitpid(pid, &st, WNOHANG), ECHILD, "the child is reaped");
	CHECK(revents(pfd, 0) & POLLIN, "reaped child's pidfd stays readable");
	CHECK_ERR(pidfd_kill(pfd, SIGTERM, 0), ESRCH, "signal a reaped child: ESRCH");
	CHECK_ERR(pidfd_waitid(pfd, &si, WEXITED), ECHILD, "waitid again: ECHILD");
	CHECK_ERR(pidfd_open(pid, 0), ESRCH, "pidfd_open a reaped pid: ESRCH");
	close(nb);
	close(pfd);
	close(p[1]);

	/* pidfd_send_signal(SIGTERM) kills a child. */
	pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	pfd = pidfd_open(pid, 0);
	CHECK(pfd >= 0, "pidfd_open(sleeping child)");
	CHECK(pidfd_kill(pfd, SIGTERM, 0) == 0, "pidfd_send_signal(SIGTERM)");
	CHECK(pidfd_waitid(pfd, &si, WEXITED) == 0 && si.si_pid == pid &&
		      si.si_code == CLD_KILLED && si.si_status == SIGTERM,
	      "waitid: killed by SIGTERM");
	close(pfd);

	/* A pidfd for ourselves. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	pfd = pidfd_open(getpid(), 0);
	CHECK(pfd >= 0 && pidfd_kill(pfd, SIGUSR1, 0) == 0, "signal ourselves through a pidfd");
	CHECK(sigpending(&set) == 0 && sigismember(&set, SIGUSR1), "SIGUSR1 is pending");
	CHECK(revents(pfd, 0) == 0, "our own pidfd is not readable");
	CHECK_ERR(pidfd_waitid(pfd, &si, WEXITED | WNOHANG), ECHILD,
		  "waitid on our own pidfd: ECHILD");

	/* Errors. */
	CHECK_ERR(pidfd_open(getpid(), 1), EINVAL, "pidfd_open bad flags: EINVAL");
	CHECK_ERR(pidfd_open(0, 0), EINVAL, "pidfd_open(0): EINVAL");
	CHECK_ERR(pidfd_open(-1, 0), EINVAL, "pidfd_open(-1): EINVAL");
	CHECK_ERR(pidfd_open(NOPID, 0), ESRCH, "pidfd_open nonexistent pid: ESRCH");
	CHECK_ERR(pidfd_kill(pfd, SIGUSR1, 0x100), EINVAL, "pidfd_send_signal bad flags: EINVAL");
	CHECK_ERR(pidfd_kill(pfd, 12345, 0), EINVAL, "pidfd_send_signal bad signal: EINVAL");
	CHECK(pipe(p) == 0, "pipe");
	CHECK_ERR(pidfd_kill(p[0], SIGUSR1, 0), EBADF, "pidfd_send_signal on a pipe: EBADF");
	CHECK_ERR(pidfd_kill(99, SIGUSR1, 0), EBADF, "pidfd_send_signal closed fd: EBADF");
	CHECK_ERR(pidfd_waitid(p[0], &si, WEXITED), EBADF, "waitid(P_PIDFD) on a pipe: EBADF");
	close(p[0]);
	close(p[1]);
	close(pfd);
	return 0;
}
