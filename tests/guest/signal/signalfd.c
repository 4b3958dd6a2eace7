/* tags: signal fork */
/* SPDX-License-Identifier: MIT */
/*
 * signalfd: reading blocked signals as struct signalfd_siginfo (signo, code, pid,
 * uid, sigqueue value, SIGCHLD status), poll, SFD_NONBLOCK, mask updates and errors.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include "check.h"

static int readable(int fd, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	if (poll(&p, 1, timeout_ms) < 0)
		return -1;
	return p.revents == POLLIN;
}

int main(void)
{
	struct signalfd_siginfo si[2];
	sigset_t mask, m2, pend;
	int fd, fd2, r, p[2], st;
	char small[64];
	union sigval sv;
	pid_t pid;

	CHECK(sizeof(struct signalfd_siginfo) == 128, "signalfd_siginfo is 128 bytes");
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	sigaddset(&mask, SIGCHLD);
	CHECK(sigprocmask(SIG_BLOCK, &mask, NULL) == 0, "block SIGUSR1 and SIGCHLD");
	fd = signalfd(-1, &mask, 0);
	CHECK(fd >= 0 && fcntl(fd, F_GETFD) == 0 && !(fcntl(fd, F_GETFL) & O_NONBLOCK),
	      "signalfd(-1, {USR1, CHLD}, 0)");
	CHECK(readable(fd, 0) == 0, "nothing pending: not readable");

	/* raise(): SI_TKILL from ourselves. */
	CHECK(raise(SIGUSR1) == 0, "raise SIGUSR1 (blocked)");
	CHECK(readable(fd, 0) == 1, "pending signal: POLLIN");
	CHECK_ERR(read(fd, small, sizeof(small)), EINVAL, "read into 64 bytes: EINVAL");
	memset(si, 0, sizeof(si));
	CHECK(read(fd, si, sizeof(si[0])) == sizeof(si[0]), "read one signalfd_siginfo");
	CHECK(si[0].ssi_signo == SIGUSR1 && si[0].ssi_code == SI_TKILL, "ssi_signo, ssi_code");
	CHECK(si[0].ssi_pid == (uint32_t)getpid() && si[0].ssi_uid == (uint32_t)getuid(),
	      "ssi_pid and ssi_uid are ours");
	CHECK(sigpending(&pend) == 0 && !sigismember(&pend, SIGUSR1),
	      "reading consumed the pending signal");
	CHECK(readable(fd, 0) == 0, "not readable any more");

	/* sigqueue carries a value; kill() is SI_USER. */
	sv.sival_int = 4242;
	CHECK(sigqueue(getpid(), SIGUSR1, sv) == 0, "sigqueue SIGUSR1 with 4242");
	CHECK(read(fd, si, sizeof(si)) == sizeof(si[0]) && si[0].ssi_code == SI_QUEUE &&
		      si[0].ssi_int == 4242,
	      "SI_QUEUE with ssi_int");
	CHECK(kill(getpid(), SIGUSR1) == 0, "kill self");
	CHECK(read(fd, si, sizeof(si)) == sizeof(si[0]) && si[0].ssi_code == SI_USER,
	      "kill gives SI_USER");

	/* Non-blocking. */
	fd2 = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	CHECK(fd2 >= 0 && fcntl(fd2, F_GETFD) == FD_CLOEXEC && (fcntl(fd2, F_GETFL) & O_NONBLOCK),
	      "SFD_NONBLOCK | SFD_CLOEXEC");
	CHECK_ERR(read(fd2, si, sizeof(si)), EAGAIN, "nothing pending: EAGAIN");

	/* A signal from a child, and a blocking read. */
	pid = fork();
	if (pid == 0) {
		struct timespec d = { 0, 20000000 };

		nanosleep(&d, NULL);
		kill(getppid(), SIGUSR1);
		_exit(7);
	}
	memset(si, 0, sizeof(si));
	CHECK(read(fd, si, sizeof(si[0])) == sizeof(si[0]) && si[0].ssi_signo == SIGUSR1,
	      "blocking read woken by the child's SIGUSR1");
	CHECK(si[0].ssi_pid == (uint32_t)pid && si[0].ssi_code == SI_USER,
	      "ssi_pid is the child");
	memset(si, 0, sizeof(si));
	CHECK(read(fd, si, sizeof(si[0])) == sizeof(si[0]) && si[0].ssi_signo == SIGCHLD,
	      "then SIGCHLD");
	CHECK(si[0].ssi_pid == (uint32_t)pid && si[0].ssi_code == CLD_EXITED &&
		      si[0].ssi_status == 7,
	      "SIGCHLD: child pid, CLD_EXITED, status 7");
	CHECK(waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 7, "reap the child");

	/* Two pending signals in one read. */
	sigemptyset(&m2);
	sigaddset(&m2, SIGUSR2);
	CHECK(sigprocmask(SIG_BLOCK, &m2, NULL) == 0, "block SIGUSR2");
	sigaddset(&m2, SIGUSR1);
	CHECK(signalfd(fd2, &m2, 0) == fd2, "update fd2's mask to {USR1, USR2}");
	raise(SIGUSR2);
	raise(SIGUSR1);
	memset(si, 0, sizeof(si));
	r = read(fd2, si, sizeof(si));
	CHECK(r == 2 * (int)sizeof(si[0]), "one read returns both signals");
	CHECK(si[0].ssi_signo == SIGUSR1 && si[1].ssi_signo == SIGUSR2,
	      "lowest-numbered signal first");

	/* Changing the mask of an existing signalfd. */
	sigemptyset(&m2);
	sigaddset(&m2, SIGUSR2);
	CHECK(signalfd(fd, &m2, 0) == fd, "change fd's mask to {USR2}: same fd back");
	raise(SIGUSR1);
	CHECK(readable(fd, 0) == 0, "SIGUSR1 no longer wakes it");
	raise(SIGUSR2);
	CHECK(readable(fd, 0) == 1, "SIGUSR2 does");
	CHECK(read(fd, si, sizeof(si)) == sizeof(si[0]) && si[0].ssi_signo == SIGUSR2,
	      "read SIGUSR2");
	CHECK(sigpending(&pend) == 0 && sigismember(&pend, SIGUSR1), "SIGUSR1 is still pending");
	CHECK(read(fd2, si, sizeof(si)) == sizeof(si[0]) && si[0].ssi_signo == SIGUSR1,
	      "the other signalfd takes it");

	/* SIGKILL and SIGSTOP in the mask are ignored. */
	sigaddset(&m2, SIGKILL);
	sigaddset(&m2, SIGSTOP);
	CHECK(signalfd(fd, &m2, 0) == fd, "SIGKILL/SIGSTOP in the mask are accepted");

	/* Errors. */
	CHECK_ERR(signalfd(-1, &mask, 0x1), EINVAL, "bad flags: EINVAL");
	CHECK_ERR(syscall(SYS_signalfd4, -1, &mask, 4, 0), EINVAL, "bad sigset size: EINVAL");
	CHECK(pipe(p) == 0, "pipe");
	CHECK_ERR(signalfd(p[0], &mask, 0), EINVAL, "a pipe is not a signalfd: EINVAL");
	CHECK_ERR(signalfd(99, &mask, 0), EBADF, "closed fd: EBADF");
	CHECK_ERR(syscall(SYS_signalfd4, -1, (void *)8, 8, 0), EFAULT, "bad mask pointer: EFAULT");
	CHECK_ERR(write(fd, si, sizeof(si[0])), EINVAL, "write: EINVAL");
	close(p[0]);
	close(p[1]);
	close(fd2);
	close(fd);
	return 0;
}
