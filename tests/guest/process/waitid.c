/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * waitid(): P_PID, P_ALL, P_PGID, WNOHANG, WNOWAIT, WSTOPPED/WCONTINUED, the
 * siginfo fields (si_signo, si_code, si_status, si_pid, si_uid), errors.
 */
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
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

static pid_t spawn_exit(int code)
{
	pid_t pid = xfork();

	if (pid == 0)
		_exit(code);
	return pid;
}

static pid_t spawn_pause(void)
{
	pid_t pid = xfork();

	if (pid == 0) {
		for (;;)
			pause();
	}
	return pid;
}

int main(void)
{
	siginfo_t si;
	pid_t pid;
	int r;

	/* P_PID, exited child */
	pid = spawn_exit(3);
	memset(&si, 0x55, sizeof(si));
	r = waitid(P_PID, pid, &si, WEXITED);
	CHECK(r == 0, "waitid(P_PID) returns 0");
	CHECK(si.si_signo == SIGCHLD, "si_signo == SIGCHLD");
	CHECK(si.si_code == CLD_EXITED, "si_code == CLD_EXITED");
	CHECK(si.si_status == 3, "si_status == exit code 3");
	CHECK(si.si_pid == pid, "si_pid == child pid");
	CHECK(si.si_uid == getuid(), "si_uid == our uid");
	CHECK(si.si_errno == 0, "si_errno == 0");

	/* WNOHANG on a running child: returns 0 and zeroes si_signo/si_pid */
	pid = spawn_pause();
	memset(&si, 0x55, sizeof(si));
	r = waitid(P_PID, pid, &si, WEXITED | WNOHANG);
	CHECK(r == 0, "WNOHANG with running child returns 0");
	CHECK(si.si_pid == 0 && si.si_signo == 0, "si_pid and si_signo zeroed");

	/* killed child, P_ALL */
	kill(pid, SIGKILL);
	memset(&si, 0, sizeof(si));
	CHECK(waitid(P_ALL, 0, &si, WEXITED) == 0, "waitid(P_ALL) on killed child");
	CHECK(si.si_code == CLD_KILLED && si.si_status == SIGKILL && si.si_pid == pid,
	      "CLD_KILLED with si_status == SIGKILL");

	/* WNOWAIT leaves the child waitable */
	pid = spawn_exit(9);
	memset(&si, 0, sizeof(si));
	CHECK(waitid(P_PID, pid, &si, WEXITED | WNOWAIT) == 0 && si.si_pid == pid &&
		      si.si_status == 9,
	      "WNOWAIT reports exit status 9");
	memset(&si, 0, sizeof(si));
	CHECK(waitid(P_ALL, 0, &si, WEXITED | WNOWAIT) == 0 && si.si_pid == pid &&
		      si.si_code == CLD_EXITED,
	      "second WNOWAIT sees it again");
	memset(&si, 0, sizeof(si));
	CHECK(waitid(P_PID, pid, &si, WEXITED) == 0 && si.si_pid == pid && si.si_status == 9,
	      "plain waitid reaps it");
	CHECK_ERR(waitid(P_PID, pid, &si, WEXITED), ECHILD, "reaped child -> ECHILD");

	/* P_PGID with our process group */
	pid = spawn_exit(4);
	memset(&si, 0, sizeof(si));
	CHECK(waitid(P_PGID, getpgrp(), &si, WEXITED) == 0 && si.si_pid == pid &&
		      si.si_status == 4,
	      "waitid(P_PGID, own group)");

	/* stop / continue */
	pid = spawn_pause();
	memset(&si, 0, sizeof(si));
	kill(pid, SIGSTOP);
	CHECK(waitid(P_PID, pid, &si, WSTOPPED) == 0, "waitid(WSTOPPED)");
	CHECK(si.si_code == CLD_STOPPED && si.si_status == SIGSTOP && si.si_pid == pid,
	      "CLD_STOPPED with si_status == SIGSTOP");
	memset(&si, 0x55, sizeof(si));
	CHECK(waitid(P_PID, pid, &si, WSTOPPED | WNOHANG) == 0 && si.si_pid == 0,
	      "stop event consumed");
	kill(pid, SIGCONT);
	memset(&si, 0, sizeof(si));
	CHECK(waitid(P_PID, pid, &si, WCONTINUED) == 0, "waitid(WCONTINUED)");
	CHECK(si.si_code == CLD_CONTINUED && si.si_status == SIGCONT && si.si_pid == pid,
	      "CLD_CONTINUED with si_status == SIGCONT");
	memset(&si, 0x55, sizeof(si));
	CHECK(waitid(P_PID, pid, &si, WEXITED | WNOHANG) == 0 && si.si_pid == 0,
	      "continued child not exited (WEXITED|WNOHANG -> 0)");
	kill(pid, SIGTERM);
	memset(&si, 0, sizeof(si));
	CHECK(waitid(P_PID, pid, &si, WEXITED) == 0 && si.si_code == CLD_KILLED &&
		      si.si_status == SIGTERM,
	      "CLD_KILLED with SIGTERM");

	/* infop may be NULL in the raw syscall */
	pid = spawn_exit(0);
	CHECK(syscall(SYS_waitid, P_PID, pid, NULL, WEXITED, NULL) == 0,
	      "raw waitid with NULL infop");

	/* errors */
	CHECK_ERR(waitid(P_ALL, 0, &si, WEXITED), ECHILD, "no children -> ECHILD");
	CHECK_ERR(waitid(P_ALL, 0, &si, WEXITED | WNOHANG), ECHILD,
		  "no children with WNOHANG -> ECHILD");
	pid = spawn_exit(0);
	CHECK_ERR(waitid(P_PID, pid, &si, 0), EINVAL, "no WEXITED/WSTOPPED/WCONTINUED -> EINVAL");
	CHECK_ERR(waitid(P_PID, pid, &si, WEXITED | 0x10000), EINVAL, "unknown option -> EINVAL");
	CHECK_ERR(waitid((idtype_t)42, pid, &si, WEXITED), EINVAL, "bad idtype -> EINVAL");
	CHECK_ERR(waitid(P_PID, 0, &si, WEXITED), EINVAL, "P_PID with id 0 -> EINVAL");
	CHECK(waitid(P_PID, pid, &si, WEXITED) == 0 && si.si_pid == pid, "reap last child");
	return 0;
}
