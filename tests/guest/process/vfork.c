/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * vfork(): the child shares the parent's memory and the parent is suspended
 * until the child calls _exit() or execve().
 */
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include "check.h"

static volatile int shared_var;
static volatile long child_ppid;

int main(int argc, char **argv)
{
	char self[4096];
	int status;
	pid_t pid;
	ssize_t n;

	if (argc == 2 && strcmp(argv[1], "stage2") == 0)
		_exit(shared_var == 0 ? 7 : 8);

	/* the child's writes land in the parent's memory */
	shared_var = 1;
	pid = vfork();
	if (pid == 0) {
		shared_var = 2;
		child_ppid = syscall(SYS_getppid);
		_exit(3);
	}
	CHECK(pid > 0, "vfork returns child pid");
	CHECK(shared_var == 2, "child's write visible in parent (shared memory)");
	CHECK(child_ppid == getpid(), "child's getppid() is the parent");
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
		      WEXITSTATUS(status) == 3,
	      "vfork child exit status 3");

	/* the parent stays suspended while the child sleeps, until it exits */
	shared_var = 0;
	pid = vfork();
	if (pid == 0) {
		struct timespec ts = { 0, 30 * 1000 * 1000 };

		syscall(SYS_nanosleep, &ts, NULL);
		shared_var = 5;
		_exit(4);
	}
	CHECK(shared_var == 5, "parent resumes only after the sleeping child exits");
	CHECK(waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 4, "exit status 4");

	/* vfork + execve: parent resumes after exec, the new image has fresh memory */
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	CHECK(n > 0, "readlink /proc/self/exe");
	self[n > 0 ? n : 0] = 0;
	shared_var = 1;
	pid = vfork();
	if (pid == 0) {
		char *args[] = { "vfork", "stage2", NULL };
		char *env[] = { NULL };

		shared_var = 0;
		execve(self, args, env);
		_exit(127);
	}
	CHECK(shared_var == 0, "write before execve visible in parent");
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
		      WEXITSTATUS(status) == 7,
	      "exec'd image has its own memory (exit 7)");

	/* failed execve in a vfork child: parent still resumes after _exit */
	pid = vfork();
	if (pid == 0) {
		char *args[] = { "nope", NULL };

		execve("./does-not-exist", args, args + 1);
		shared_var = 100 + errno;
		_exit(127);
	}
	CHECK(shared_var == 100 + ENOENT, "child saw ENOENT from execve");
	CHECK(waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 127, "exit 127");

	/* a vfork child killed by a signal also releases the parent */
	pid = vfork();
	if (pid == 0) {
		syscall(SYS_kill, syscall(SYS_getpid), SIGKILL);
		_exit(1);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) &&
		      WTERMSIG(status) == SIGKILL,
	      "vfork child killed by SIGKILL");
	return 0;
}
