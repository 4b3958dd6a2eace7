/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * Raw clone3(): fork-like use with exit_signal SIGCHLD, CLONE_PARENT_SETTID,
 * exit_signal 0 children, and argument validation (size, signal, flags).
 */
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "check.h"

#ifndef SYS_clone3
#define SYS_clone3 435
#endif

struct clone_args_v2 {
	uint64_t flags;
	uint64_t pidfd;
	uint64_t child_tid;
	uint64_t parent_tid;
	uint64_t exit_signal;
	uint64_t stack;
	uint64_t stack_size;
	uint64_t tls;
	uint64_t set_tid;
	uint64_t set_tid_size;
	uint64_t cgroup;
};

static int var = 1;

static long clone3(struct clone_args_v2 *a, size_t size)
{
	return syscall(SYS_clone3, a, size);
}

/*
 * A clone3 call expected to fail: if it wrongly creates a child, that child
 * leaves at once (and is reaped) instead of running the rest of the test.
 */
static long clone3_bad(struct clone_args_v2 *a, size_t size)
{
	long r = clone3(a, size);
	int e = errno;

	if (r == 0)
		_exit(0);
	if (r > 0)
		waitpid(r, NULL, __WALL);
	errno = e;
	return r;
}

int main(void)
{
	struct clone_args_v2 a;
	int status;
	long pid;

	/* plain fork-like clone3 */
	memset(&a, 0, sizeof(a));
	a.exit_signal = SIGCHLD;
	pid = clone3(&a, 64);
	if (pid == 0) {
		var = 2;
		_exit(getppid() > 0 ? 5 : 6);
	}
	CHECK(pid > 0, "clone3 (size 64) returns child pid");
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 5,
	      "child exit status 5 via waitpid");
	CHECK(var == 1, "child memory is a copy");

	/* full-size struct, CLONE_PARENT_SETTID */
	{
		pid_t ptid = 0;
		int pipefd[2];
		pid_t seen = 0;

		CHECK(pipe(pipefd) == 0, "pipe");
		memset(&a, 0, sizeof(a));
		a.flags = CLONE_PARENT_SETTID;
		a.parent_tid = (uintptr_t)&ptid;
		a.exit_signal = SIGCHLD;
		pid = clone3(&a, sizeof(a));
		if (pid == 0) {
			pid_t me = getpid();

			if (write(pipefd[1], &me, sizeof(me)) != sizeof(me))
				_exit(1);
			_exit(0);
		}
		CHECK(pid > 0, "clone3 (size 88) with CLONE_PARENT_SETTID");
		CHECK(ptid == pid, "parent_tid holds the child's pid");
		CHECK(read(pipefd[0], &seen, sizeof(seen)) == sizeof(seen) && seen == pid,
		      "child's getpid() matches");
		CHECK(waitpid(pid, &status, 0) == pid && status == 0, "child exited 0");
		close(pipefd[0]);
		close(pipefd[1]);
	}

	/* larger struct with zeroed tail is accepted */
	{
		char big[128];

		memset(big, 0, sizeof(big));
		((struct clone_args_v2 *)big)->exit_signal = SIGCHLD;
		pid = clone3((struct clone_args_v2 *)big, sizeof(big));
		if (pid == 0)
			_exit(9);
		CHECK(pid > 0, "oversized struct with zero tail accepted");
		CHECK(waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 9, "exit 9");

		big[120] = 1;
		CHECK_ERR(clone3_bad((struct clone_args_v2 *)big, sizeof(big)), E2BIG,
			  "oversized struct with nonzero tail -> E2BIG");
	}

	/* exit_signal 0: only visible to __WCLONE / __WALL waits */
	memset(&a, 0, sizeof(a));
	pid = clone3(&a, 64);
	if (pid == 0)
		_exit(4);
	CHECK(pid > 0, "clone3 with exit_signal 0");
	CHECK_ERR(waitpid(pid, &status, 0), ECHILD, "plain waitpid cannot see it -> ECHILD");
	CHECK(waitpid(pid, &status, __WALL) == pid && WEXITSTATUS(status) == 4,
	      "__WALL reaps it, exit 4");

	/* validation */
	memset(&a, 0, sizeof(a));
	a.exit_signal = SIGCHLD;
	CHECK_ERR(clone3_bad(&a, 32), EINVAL, "size smaller than v0 (64) -> EINVAL");
	CHECK_ERR(clone3_bad(&a, 0), EINVAL, "size 0 -> EINVAL");
	CHECK_ERR(clone3_bad(&a, 8192), E2BIG, "size larger than a page -> E2BIG");
	CHECK_ERR(clone3_bad(NULL, 64), EFAULT, "NULL args -> EFAULT");
	a.exit_signal = 0x100;
	CHECK_ERR(clone3_bad(&a, 64), EINVAL, "exit_signal outside CSIGNAL -> EINVAL");
	a.exit_signal = 65;
	CHECK_ERR(clone3_bad(&a, 64), EINVAL, "exit_signal 65 -> EINVAL");
	a.exit_signal = SIGCHLD;
	a.flags = CLONE_THREAD;	/* no CLONE_VM: a wrong success is a harmless fork */
	CHECK_ERR(clone3_bad(&a, 64), EINVAL, "CLONE_THREAD without CLONE_SIGHAND -> EINVAL");
	a.flags = CLONE_SIGHAND;
	CHECK_ERR(clone3_bad(&a, 64), EINVAL, "CLONE_SIGHAND without CLONE_VM -> EINVAL");
	a.flags = 0;
	a.stack = 0;
	a.stack_size = 4096;
	CHECK_ERR(clone3_bad(&a, 64), EINVAL, "stack_size without stack -> EINVAL");
	CHECK_ERR(wait(&status), ECHILD, "no stray children left");
	return 0;
}
