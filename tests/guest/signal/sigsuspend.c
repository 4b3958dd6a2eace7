/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * sigsuspend(): atomically swaps in a temporary mask and waits; returns EINTR
 * after a handler ran, with the handler seeing the temporary mask, and
 * restores the original mask afterwards. Ignored signals do not wake it.
 */
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include "check.h"

static volatile int hits_usr1, hits_usr2, usr2_blocked_in_handler;

/* fork or give up: a failed fork must never turn into kill(-1, ...) */
static pid_t xfork(void)
{
	pid_t pid = fork();

	if (pid < 0) {
		perror("fork");
		exit(2);
	}
	return pid;
}

static void handler(int sig)
{
	sigset_t cur;

	if (sig == SIGUSR1) {
		hits_usr1++;
		sigprocmask(SIG_SETMASK, NULL, &cur);
		usr2_blocked_in_handler = sigismember(&cur, SIGUSR2);
	} else {
		hits_usr2++;
	}
}

static void msleep(int ms)
{
	struct timespec ts = { 0, ms * 1000L * 1000L };

	nanosleep(&ts, NULL);
}

/* child that sends the listed signals to its parent, 20 ms apart */
static pid_t sender(int s1, int s2)
{
	pid_t pid = xfork();

	if (pid == 0) {
		pid_t parent = getppid();

		msleep(20);
		kill(parent, s1);
		if (s2) {
			msleep(20);
			kill(parent, s2);
		}
		_exit(0);
	}
	return pid;
}

int main(void)
{
	struct sigaction sa;
	sigset_t block, wait_mask, cur, pend;
	pid_t pid;
	int r, e;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGUSR2);
	sigprocmask(SIG_BLOCK, &block, NULL);

	/* wake-up by a signal from another process */
	pid = sender(SIGUSR1, 0);
	sigemptyset(&wait_mask);
	sigaddset(&wait_mask, SIGUSR2);
	r = sigsuspend(&wait_mask);
	e = errno;
	CHECK(r == -1 && e == EINTR, "sigsuspend returns -1/EINTR");
	CHECK(hits_usr1 == 1, "handler ran");
	CHECK(usr2_blocked_in_handler, "handler ran with the temporary mask (USR2 blocked)");
	sigprocmask(SIG_SETMASK, NULL, &cur);
	CHECK(sigismember(&cur, SIGUSR1) && sigismember(&cur, SIGUSR2), "original mask restored");
	waitpid(pid, NULL, 0);

	/* already-pending signal: returns at once */
	raise(SIGUSR1);
	hits_usr1 = 0;
	r = sigsuspend(&wait_mask);
	e = errno;
	CHECK(r == -1 && e == EINTR && hits_usr1 == 1, "pending signal ends sigsuspend at once");

	/* a signal blocked by the temporary mask stays pending */
	raise(SIGUSR2);
	pid = sender(SIGUSR1, 0);
	hits_usr1 = hits_usr2 = 0;
	r = sigsuspend(&wait_mask);
	e = errno;
	CHECK(r == -1 && hits_usr1 == 1 && hits_usr2 == 0, "only SIGUSR1 handled");
	sigpending(&pend);
	CHECK(sigismember(&pend, SIGUSR2), "SIGUSR2 still pending");
	waitpid(pid, NULL, 0);
	sigemptyset(&wait_mask);
	r = sigsuspend(&wait_mask);
	e = errno;
	CHECK(r == -1 && hits_usr2 == 1, "empty temporary mask lets SIGUSR2 in");

	/* an ignored signal does not wake sigsuspend */
	signal(SIGWINCH, SIG_IGN);
	pid = sender(SIGWINCH, SIGUSR1);
	hits_usr1 = 0;
	sigemptyset(&wait_mask);
	r = sigsuspend(&wait_mask);
	e = errno;
	CHECK(r == -1 && e == EINTR && hits_usr1 == 1,
	      "ignored SIGWINCH did not wake it, SIGUSR1 did");
	waitpid(pid, NULL, 0);

	/* raw syscall checks */
	CHECK_ERR(syscall(SYS_rt_sigsuspend, &wait_mask, 4), EINVAL, "sigsetsize 4 -> EINVAL");
	CHECK_ERR(syscall(SYS_rt_sigsuspend, 8, 8), EFAULT, "bad mask pointer -> EFAULT");
	raise(SIGUSR1);
	hits_usr1 = 0;
	CHECK_ERR(syscall(SYS_rt_sigsuspend, &wait_mask, 8), EINTR, "raw rt_sigsuspend -> EINTR");
	CHECK(hits_usr1 == 1, "handler ran for raw call");
	return 0;
}
