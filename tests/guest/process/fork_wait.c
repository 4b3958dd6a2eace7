/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * xfork() and waitpid()/wait(): return values, copy-on-write memory, exact wait
 * status encoding for exit and signal deaths, WNOHANG, and ECHILD.
 */
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include "check.h"

static int cow_var = 1;

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

int main(void)
{
	int status, pipefd[2], fds[2];
	pid_t pid, parent = getpid(), r;

	/* fork returns 0 in the child, child's parent is us */
	CHECK(pipe(pipefd) == 0, "pipe");
	pid = xfork();
	if (pid == 0) {
		pid_t info[2] = { getpid(), getppid() };

		cow_var = 2;
		if (write(pipefd[1], info, sizeof(info)) != sizeof(info))
			_exit(99);
		_exit(cow_var == 2 ? 0 : 98);
	}
	CHECK(pid > 0, "fork returns child pid in parent");
	CHECK(pid != parent, "child pid differs from parent pid");
	{
		pid_t info[2] = { 0, 0 };

		CHECK(read(pipefd[0], info, sizeof(info)) == sizeof(info), "read child info");
		CHECK(info[0] == pid, "child's getpid() equals fork return value");
		CHECK(info[1] == parent, "child's getppid() equals parent's getpid()");
	}
	r = waitpid(pid, &status, 0);
	CHECK(r == pid, "waitpid returns child pid");
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child exited 0");
	CHECK(cow_var == 1, "child's write not visible in parent (copy-on-write)");
	close(pipefd[0]);
	close(pipefd[1]);

	/* exit status encoding */
	pid = spawn_exit(42);
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid exit 42");
	CHECK(WIFEXITED(status), "WIFEXITED");
	CHECK(!WIFSIGNALED(status) && !WIFSTOPPED(status), "not signaled, not stopped");
	CHECK(WEXITSTATUS(status) == 42, "WEXITSTATUS == 42");
	CHECK(status == (42 << 8), "raw status == 42 << 8");

	pid = spawn_exit(256 + 7);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
		      WEXITSTATUS(status) == 7,
	      "exit code truncated to 8 bits (263 -> 7)");

	pid = spawn_exit(255);
	CHECK(waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 255, "exit 255");

	/* death by signal */
	pid = xfork();
	if (pid == 0) {
		raise(SIGTERM);
		_exit(1);
	}
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid signaled child");
	CHECK(WIFSIGNALED(status) && !WIFEXITED(status), "WIFSIGNALED");
	CHECK(WTERMSIG(status) == SIGTERM, "WTERMSIG == SIGTERM");
	CHECK(!WCOREDUMP(status), "no core dump flag for SIGTERM");
	CHECK(status == SIGTERM, "raw status == SIGTERM");

	pid = xfork();
	if (pid == 0) {
		pause();
		_exit(1);
	}
	CHECK(kill(pid, SIGKILL) == 0, "kill child with SIGKILL");
	CHECK(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) &&
		      WTERMSIG(status) == SIGKILL,
	      "WTERMSIG == SIGKILL");

	/* WNOHANG on a running child returns 0, then the child is collected */
	CHECK(pipe(fds) == 0, "pipe for WNOHANG");
	pid = xfork();
	if (pid == 0) {
		char c;

		close(fds[1]);
		_exit(read(fds[0], &c, 1) == 0 ? 3 : 4);
	}
	close(fds[0]);
	status = 12345;
	CHECK(waitpid(pid, &status, WNOHANG) == 0, "WNOHANG on running child returns 0");
	CHECK(waitpid(-1, &status, WNOHANG) == 0, "WNOHANG with pid -1 returns 0");
	close(fds[1]);
	CHECK(waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 3,
	      "child sees EOF once parent closes pipe, exits 3");

	/* several children, collected with wait() in any order */
	{
		pid_t kids[3];
		int seen = 0, i, j, ok = 1;

		for (i = 0; i < 3; i++)
			kids[i] = spawn_exit(10 + i);
		for (i = 0; i < 3; i++) {
			r = wait(&status);
			for (j = 0; j < 3; j++)
				if (r == kids[j] && WEXITSTATUS(status) == 10 + j)
					seen |= 1 << j;
			if (r <= 0)
				ok = 0;
		}
		CHECK(ok && seen == 7, "wait() collects three children with their codes");
	}

	/* waitpid(0, ...) waits for any child in our process group */
	pid = spawn_exit(5);
	CHECK(waitpid(0, &status, 0) == pid && WEXITSTATUS(status) == 5,
	      "waitpid(0) collects child in same process group");

	/* waitpid(-pgid) */
	pid = spawn_exit(6);
	CHECK(waitpid(-getpgrp(), &status, 0) == pid && WEXITSTATUS(status) == 6,
	      "waitpid(-pgrp) collects child");

	/* status pointer may be NULL */
	pid = spawn_exit(0);
	CHECK(waitpid(pid, NULL, 0) == pid, "waitpid with NULL status");

	/* ECHILD */
	CHECK_ERR(wait(&status), ECHILD, "wait with no children -> ECHILD");
	CHECK_ERR(waitpid(-1, &status, WNOHANG), ECHILD, "waitpid WNOHANG no children -> ECHILD");
	CHECK_ERR(waitpid(pid, &status, 0), ECHILD, "waitpid on already reaped child -> ECHILD");
	CHECK_ERR(waitpid(getpid(), &status, 0), ECHILD, "waitpid on self -> ECHILD");
	CHECK_ERR(waitpid(-1, &status, 0x10000000), EINVAL, "waitpid bad options -> EINVAL");

	/* a child's child is not ours */
	CHECK(pipe(fds) == 0, "pipe for grandchild");
	pid = xfork();
	if (pid == 0) {
		pid_t g = spawn_exit(0);

		close(fds[0]);
		waitpid(g, NULL, 0);
		if (write(fds[1], &g, sizeof(g)) != sizeof(g))
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	{
		pid_t g = 0;

		CHECK(read(fds[0], &g, sizeof(g)) == sizeof(g), "read grandchild pid");
		CHECK(waitpid(pid, &status, 0) == pid && status == 0, "child exited 0");
		CHECK_ERR(waitpid(g, &status, WNOHANG), ECHILD, "grandchild is not our child");
	}
	close(fds[0]);

	/* MAP_SHARED memory is shared across fork, MAP_PRIVATE is not */
	{
		int *sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
			       -1, 0);
		int *pr = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		CHECK(sh != MAP_FAILED && pr != MAP_FAILED, "mmap shared and private");
		*sh = 1;
		*pr = 1;
		pid = xfork();
		if (pid == 0) {
			*sh = 2;
			*pr = 2;
			_exit(0);
		}
		waitpid(pid, NULL, 0);
		CHECK(*sh == 2, "MAP_SHARED write visible after fork");
		CHECK(*pr == 1, "MAP_PRIVATE write not visible after fork");
	}
	return 0;
}
