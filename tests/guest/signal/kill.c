/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * kill(): to self, to a child (handled and default action), to a process
 * group (kill(-pgid) and kill(0)), signal 0 probes including zombies, and
 * ESRCH/EINVAL errors.
 */
#include <signal.h>
#include <sys/wait.h>
#include "check.h"

#define NOPID 0x3fffffff

static volatile int hits, got_pid, got_code;

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

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	hits++;
	got_pid = si->si_pid;
	got_code = si->si_code;
}

int main(void)
{
	struct sigaction sa;
	int st, p[2];
	pid_t pid, dead;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);

	/* self */
	CHECK(kill(getpid(), 0) == 0, "kill(self, 0) probes");
	CHECK(kill(getpid(), SIGUSR1) == 0 && hits == 1, "kill(self, SIGUSR1) runs the handler");
	CHECK(got_pid == getpid() && got_code == SI_USER, "si_pid == self, si_code SI_USER");

	/* child with a handler reports back; child sees our pid as si_pid */
	CHECK(pipe(p) == 0, "pipe");
	pid = xfork();
	if (pid == 0) {
		sigset_t none;
		char c;

		sigemptyset(&none);
		hits = 0;
		close(p[0]);
		c = 'r';
		if (write(p[1], &c, 1) != 1)
			_exit(1);
		while (!hits)
			sigsuspend(&none);
		_exit(got_pid == getppid() && got_code == SI_USER ? 0 : 2);
	}
	{
		char c;

		close(p[1]);
		CHECK(read(p[0], &c, 1) == 1, "child ready");
		close(p[0]);
	}
	CHECK(kill(pid, SIGUSR1) == 0, "kill(child, SIGUSR1)");
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "child handler saw si_pid == its parent");

	/* default action on a child */
	pid = xfork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	CHECK(kill(pid, SIGINT) == 0, "kill(child, SIGINT)");
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGINT,
	      "child terminated by SIGINT");

	/* zombies still exist for kill(pid, 0); reaped pids do not */
	pid = xfork();
	if (pid == 0)
		_exit(0);
	{
		siginfo_t si;

		waitid(P_PID, pid, &si, WEXITED | WNOWAIT);
	}
	CHECK(kill(pid, 0) == 0, "kill(zombie, 0) succeeds");
	CHECK(kill(pid, SIGUSR1) == 0, "signal to a zombie succeeds (no effect)");
	waitpid(pid, NULL, 0);
	dead = pid;
	CHECK_ERR(kill(dead, 0), ESRCH, "kill(reaped pid, 0) -> ESRCH");
	CHECK_ERR(kill(NOPID, SIGUSR1), ESRCH, "kill(nonexistent, SIGUSR1) -> ESRCH");
	CHECK_ERR(kill(-NOPID, SIGUSR1), ESRCH, "kill(-nonexistent group) -> ESRCH");

	/* process groups: kill(-pgid) reaches every member */
	{
		pid_t a, b;

		a = xfork();
		if (a == 0) {
			setpgid(0, 0);
			for (;;)
				pause();
		}
		setpgid(a, a);
		b = xfork();
		if (b == 0) {
			setpgid(0, a);
			for (;;)
				pause();
		}
		setpgid(b, a);
		CHECK(getpgid(a) == a && getpgid(b) == a, "two children in group a");
		CHECK(kill(-a, 0) == 0, "kill(-pgid, 0) probes the group");
		CHECK(kill(-a, SIGTERM) == 0, "kill(-pgid, SIGTERM)");
		CHECK(waitpid(a, &st, 0) == a && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
		      "first member killed");
		CHECK(waitpid(b, &st, 0) == b && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
		      "second member killed");
		CHECK_ERR(kill(-a, 0), ESRCH, "empty group -> ESRCH");
		CHECK_ERR(killpg(a, 0), ESRCH, "killpg on empty group -> ESRCH");
	}

	/* kill(0, sig) signals the caller's own group (inside a child's new group) */
	pid = xfork();
	if (pid == 0) {
		pid_t g;
		int s2, rp[2];
		char c;

		setpgid(0, 0);
		if (pipe(rp))
			_exit(4);
		g = xfork();
		if (g == 0) {
			signal(SIGUSR1, SIG_DFL);
			if (write(rp[1], "r", 1) != 1)
				_exit(1);
			for (;;)
				pause();
		}
		hits = 0;
		if (read(rp[0], &c, 1) != 1)
			_exit(5);
		if (kill(0, SIGUSR1) != 0)
			_exit(1);
		if (waitpid(g, &s2, 0) != g || !WIFSIGNALED(s2) || WTERMSIG(s2) != SIGUSR1)
			_exit(2);
		_exit(hits == 1 ? 0 : 3);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "kill(0, SIGUSR1) hit both the caller (handler) and its group member");

	/* invalid signals */
	CHECK_ERR(kill(getpid(), 1000), EINVAL, "signal 1000 -> EINVAL");
	CHECK_ERR(kill(getpid(), -1), EINVAL, "signal -1 -> EINVAL");
	CHECK_ERR(kill(getpid(), 65), EINVAL, "signal 65 -> EINVAL");
	CHECK_ERR(kill(NOPID, 1000), ESRCH,
		  "bad signal to a nonexistent pid: pid checked first -> ESRCH");
	return 0;
}
