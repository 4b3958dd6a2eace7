/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * Default signal actions on children: terminate (SIGTERM, SIGKILL, SIGUSR1,
 * SIGQUIT without a core when not dumpable), ignore (SIGCHLD, SIGWINCH, SIGURG,
 * SIGCONT), stop/continue seen via WUNTRACED/WCONTINUED, SIG_IGN'd SIGCHLD.
 */
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include "check.h"

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

/* a child that waits for signals; returns once it is not dumpable (no cores) */
static pid_t spawn_pauser(void)
{
	int p[2];
	pid_t pid;
	char c;

	if (pipe(p))
		return -1;
	pid = xfork();
	if (pid == 0) {
		prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
		if (write(p[1], "r", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	if (read(p[0], &c, 1) != 1)
		exit(2);
	close(p[0]);
	close(p[1]);
	return pid;
}

static int killed_by(pid_t pid, int sig)
{
	int st;

	if (kill(pid, sig))
		return 0;
	return waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == sig &&
	       !WCOREDUMP(st);
}

/* child raises sig to itself and then exits 0: default action is ignore */
static int ignored(int sig)
{
	int st;
	pid_t pid = xfork();

	if (pid == 0) {
		raise(sig);
		kill(getpid(), sig);
		_exit(0);
	}
	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

int main(void)
{
	int st;
	pid_t pid;

	CHECK(killed_by(spawn_pauser(), SIGTERM), "SIGTERM terminates");
	CHECK(killed_by(spawn_pauser(), SIGKILL), "SIGKILL terminates");
	CHECK(killed_by(spawn_pauser(), SIGUSR1), "SIGUSR1 terminates");
	CHECK(killed_by(spawn_pauser(), SIGHUP), "SIGHUP terminates");
	CHECK(killed_by(spawn_pauser(), SIGPIPE), "SIGPIPE terminates");
	CHECK(killed_by(spawn_pauser(), SIGRTMIN), "SIGRTMIN terminates");
	CHECK(killed_by(spawn_pauser(), SIGQUIT), "SIGQUIT terminates (no core: not dumpable)");
	CHECK(killed_by(spawn_pauser(), SIGABRT), "SIGABRT terminates (no core: not dumpable)");

	CHECK(ignored(SIGCHLD), "SIGCHLD ignored by default");
	CHECK(ignored(SIGWINCH), "SIGWINCH ignored by default");
	CHECK(ignored(SIGURG), "SIGURG ignored by default");
	CHECK(ignored(SIGCONT), "SIGCONT on a running process is harmless");

	/* SIG_IGN for SIGTERM protects; SIGKILL still kills */
	pid = xfork();
	if (pid == 0) {
		signal(SIGTERM, SIG_IGN);
		raise(SIGTERM);
		_exit(5);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 5,
	      "ignored SIGTERM does nothing");

	/* stop and continue */
	pid = spawn_pauser();
	CHECK(kill(pid, SIGSTOP) == 0, "send SIGSTOP");
	CHECK(waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP,
	      "WUNTRACED reports stopped by SIGSTOP");
	CHECK(st == ((SIGSTOP << 8) | 0x7f), "raw stop status 0x137f");
	CHECK(waitpid(pid, &st, WUNTRACED | WNOHANG) == 0, "stop reported only once");
	CHECK(kill(pid, SIGTERM) == 0, "SIGTERM to the stopped child stays pending");
	CHECK(waitpid(pid, &st, WNOHANG) == 0, "stopped child not yet terminated");
	CHECK(kill(pid, SIGCONT) == 0, "send SIGCONT");
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
	      "after SIGCONT the pending SIGTERM kills it");

	pid = spawn_pauser();
	kill(pid, SIGSTOP);
	waitpid(pid, &st, WUNTRACED);
	kill(pid, SIGCONT);
	CHECK(waitpid(pid, &st, WCONTINUED) == pid && WIFCONTINUED(st), "WCONTINUED reports it");
	CHECK(st == 0xffff, "raw continued status 0xffff");
	CHECK(killed_by(pid, SIGKILL), "SIGKILL after continue");

	/* SIGKILL kills a stopped process */
	pid = spawn_pauser();
	kill(pid, SIGSTOP);
	waitpid(pid, &st, WUNTRACED);
	CHECK(killed_by(pid, SIGKILL), "SIGKILL kills a stopped process");

	/* SIGTSTP stops too (child in its own, non-orphaned process group) */
	pid = spawn_pauser();
	setpgid(pid, pid);
	kill(pid, SIGTSTP);
	CHECK(waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st) && WSTOPSIG(st) == SIGTSTP,
	      "SIGTSTP stops");
	CHECK(killed_by(pid, SIGKILL), "SIGKILL the SIGTSTP-stopped child");

	/* SIGCHLD set to SIG_IGN: children are reaped automatically */
	signal(SIGCHLD, SIG_IGN);
	pid = xfork();
	if (pid == 0)
		_exit(3);
	CHECK_ERR(waitpid(pid, &st, 0), ECHILD,
		  "with SIGCHLD ignored, waitpid waits then fails with ECHILD");
	{
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = SIG_DFL;
		sa.sa_flags = SA_NOCLDWAIT;
		sigaction(SIGCHLD, &sa, NULL);
		pid = xfork();
		if (pid == 0)
			_exit(3);
		CHECK_ERR(waitpid(pid, &st, 0), ECHILD, "SA_NOCLDWAIT also auto-reaps");
	}
	signal(SIGCHLD, SIG_DFL);
	pid = xfork();
	if (pid == 0)
		_exit(4);
	CHECK(waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 4, "SIG_DFL restores zombies");
	return 0;
}
