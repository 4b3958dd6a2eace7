/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * SIGCHLD handler siginfo: si_code CLD_EXITED/CLD_KILLED/CLD_STOPPED/
 * CLD_CONTINUED with si_status and si_pid; SA_NOCLDSTOP; SA_NOCLDWAIT still
 * signals but auto-reaps.
 */
#include <signal.h>
#include <sys/wait.h>
#include "check.h"

static volatile int n_chld, last_code, last_status, last_pid, last_uid;

static void on_chld(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (sig != SIGCHLD || si->si_signo != SIGCHLD)
		return;
	n_chld++;
	last_code = si->si_code;
	last_status = si->si_status;
	last_pid = si->si_pid;
	last_uid = si->si_uid;
}

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

static pid_t spawn_pauser(void)
{
	int p[2];
	pid_t pid;
	char c;

	if (pipe(p))
		exit(2);
	pid = xfork();
	if (pid == 0) {
		sigset_t none;

		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
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

static sigset_t wait_mask;

/* wait (SIGCHLD blocked outside) until the handler count reaches n */
static void wait_chld(int n)
{
	while (n_chld < n)
		sigsuspend(&wait_mask);
}

static void install(int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_chld;
	sa.sa_flags = SA_SIGINFO | flags;
	sigaction(SIGCHLD, &sa, NULL);
}

int main(void)
{
	sigset_t block;
	pid_t pid;
	int st;

	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &wait_mask);
	sigdelset(&wait_mask, SIGCHLD);
	install(0);

	/* exit */
	pid = xfork();
	if (pid == 0)
		_exit(5);
	wait_chld(1);
	CHECK(last_code == CLD_EXITED, "exit: si_code CLD_EXITED");
	CHECK(last_status == 5, "exit: si_status 5");
	CHECK(last_pid == pid && last_uid == (int)getuid(), "si_pid is the child, si_uid ours");
	CHECK(waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 5, "child still waitable");

	/* killed */
	pid = spawn_pauser();
	kill(pid, SIGKILL);
	wait_chld(2);
	CHECK(last_code == CLD_KILLED && last_status == SIGKILL && last_pid == pid,
	      "kill: CLD_KILLED, si_status SIGKILL");
	waitpid(pid, NULL, 0);

	/* stopped, continued */
	pid = spawn_pauser();
	kill(pid, SIGSTOP);
	wait_chld(3);
	CHECK(last_code == CLD_STOPPED && last_status == SIGSTOP && last_pid == pid,
	      "stop: CLD_STOPPED, si_status SIGSTOP");
	waitpid(pid, &st, WUNTRACED);
	kill(pid, SIGCONT);
	wait_chld(4);
	CHECK(last_code == CLD_CONTINUED && last_status == SIGCONT && last_pid == pid,
	      "continue: CLD_CONTINUED, si_status SIGCONT");
	kill(pid, SIGTERM);
	wait_chld(5);
	CHECK(last_code == CLD_KILLED && last_status == SIGTERM, "SIGTERM: CLD_KILLED");
	waitpid(pid, &st, 0);

	/* SA_NOCLDSTOP: no SIGCHLD for stop/continue, still for death */
	install(SA_NOCLDSTOP);
	pid = spawn_pauser();
	n_chld = 0;
	kill(pid, SIGSTOP);
	CHECK(waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st), "child stopped");
	kill(pid, SIGCONT);
	CHECK(waitpid(pid, &st, WCONTINUED) == pid && WIFCONTINUED(st), "child continued");
	{
		sigset_t pend;

		sigpending(&pend);
		CHECK(!sigismember(&pend, SIGCHLD) && n_chld == 0,
		      "SA_NOCLDSTOP: no SIGCHLD for stop/continue");
	}
	kill(pid, SIGKILL);
	wait_chld(1);
	CHECK(last_code == CLD_KILLED && last_pid == pid, "SA_NOCLDSTOP: SIGCHLD on death");
	waitpid(pid, NULL, 0);

	/* SA_NOCLDWAIT: handler runs, but no zombie remains */
	install(SA_NOCLDWAIT);
	n_chld = 0;
	pid = xfork();
	if (pid == 0)
		_exit(7);
	wait_chld(1);
	CHECK(last_code == CLD_EXITED && last_status == 7 && last_pid == pid,
	      "SA_NOCLDWAIT: SIGCHLD still delivered with CLD_EXITED/7");
	CHECK_ERR(waitpid(pid, &st, 0), ECHILD, "SA_NOCLDWAIT: child auto-reaped -> ECHILD");

	/* handler runs with SIGCHLD unblocked outside (delivered promptly) */
	install(0);
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	n_chld = 0;
	pid = xfork();
	if (pid == 0)
		_exit(8);
	CHECK(waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 8, "reap with SIGCHLD unblocked");
	wait_chld(1);
	CHECK(n_chld == 1 && last_status == 8, "handler ran for it");
	return 0;
}
