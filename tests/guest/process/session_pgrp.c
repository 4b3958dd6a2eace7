/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * Sessions and process groups: setsid, setpgid, getpgid, getsid, getpgrp,
 * inheritance across fork, and the EPERM/EACCES/ESRCH/EINVAL rules.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include "check.h"

#define NOPID 0x3fffffff	/* above PID_MAX_LIMIT: never exists */

static int *shared_n;
static char self[4096];

static void in_child(void (*fn)(void), const char *desc)
{
	int status = -1;
	pid_t pid;

	*shared_n = -1;
	pid = fork();
	if (pid == 0) {
		check_failed = 0;
		fn();
		*shared_n = check_n;
		exit(0);
	}
	waitpid(pid, &status, 0);
	if (*shared_n >= 0)
		check_n = *shared_n;
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, desc);
}

static pid_t fork_waiter(int *wfd)
{
	int p[2];
	pid_t pid;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		char c;

		close(p[1]);
		while (read(p[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(p[0]);
	*wfd = p[1];
	return pid;
}

static void group_child(void)
{
	pid_t me = getpid(), e;
	int wfd = -1, status;

	CHECK(getpgrp() == getpgid(getppid()), "child starts in the parent's group");
	CHECK(getsid(0) == getsid(getppid()), "child starts in the parent's session");
	CHECK(setpgid(0, 0) == 0, "setpgid(0, 0)");
	CHECK(getpgrp() == me && getpgid(0) == me && getpgid(me) == me,
	      "now leader of its own group");
	CHECK(getsid(0) == getsid(getppid()), "session unchanged by setpgid");
	CHECK_ERR(setsid(), EPERM, "setsid as group leader -> EPERM");

	e = fork_waiter(&wfd);
	CHECK(getpgid(e) == me, "new child inherits our group");
	CHECK(setpgid(e, e) == 0 && getpgid(e) == e, "move child to its own group");
	CHECK(setpgid(e, me) == 0 && getpgid(e) == me, "move child back to our group");
	CHECK(setpgid(e, 0) == 0 && getpgid(e) == e, "setpgid(child, 0) uses child's pid");
	CHECK(setpgid(e, me) == 0, "and back again");
	CHECK_ERR(setpgid(e, NOPID), EPERM, "join a nonexistent group -> EPERM");
	CHECK_ERR(setpgid(0, -1), EINVAL, "negative pgid -> EINVAL");
	CHECK_ERR(setpgid(NOPID, 0), ESRCH, "setpgid on nonexistent pid -> ESRCH");
	CHECK_ERR(setpgid(getppid(), 0), ESRCH, "setpgid on our parent -> ESRCH");
	close(wfd);
	CHECK(waitpid(e, &status, 0) == e && status == 0, "reap group child");
}

static void session_child(void)
{
	int ready[2], hold[2], status;
	pid_t me = getpid(), g;
	char c = 0;

	CHECK(pipe(ready) == 0 && pipe(hold) == 0, "pipes");
	g = fork();
	if (g == 0) {
		pid_t gme = getpid();
		int res = 0;

		close(ready[0]);
		close(hold[1]);
		if (setsid() != gme)
			res |= 1;
		if (getsid(0) != gme || getpgrp() != gme)
			res |= 2;
		if (setpgid(0, 0) != -1 || errno != EPERM)
			res |= 4;
		if (setsid() != -1 || errno != EPERM)
			res |= 8;
		if (getsid(getppid()) == gme)
			res |= 16;
		c = (char)res;
		if (write(ready[1], &c, 1) != 1)
			_exit(99);
		while (read(hold[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(ready[1]);
	close(hold[0]);
	CHECK(read(ready[0], &c, 1) == 1, "grandchild ran setsid");
	CHECK((c & 1) == 0, "setsid returns the new session id (own pid)");
	CHECK((c & 2) == 0, "new session: getsid(0) == getpgrp() == pid");
	CHECK((c & 4) == 0, "session leader setpgid(0, 0) -> EPERM");
	CHECK((c & 8) == 0, "second setsid -> EPERM");
	CHECK((c & 16) == 0, "parent's session differs");
	CHECK(getsid(g) == g, "getsid(grandchild) from parent");
	CHECK(getpgid(g) == g, "getpgid(grandchild) from parent");
	CHECK_ERR(setpgid(g, me), EPERM, "setpgid on child in another session -> EPERM");
	CHECK_ERR(setpgid(g, g), EPERM, "setpgid on session leader child -> EPERM");
	close(hold[1]);
	CHECK(waitpid(g, &status, 0) == g && status == 0, "reap session child");
	close(ready[0]);
}

static void exec_child(void)
{
	int p[2], wait_p[2], status;
	pid_t d;
	char c;

	CHECK(pipe2(p, O_CLOEXEC) == 0 && pipe(wait_p) == 0, "pipes");
	d = fork();
	if (d == 0) {
		char *args[] = { "pgrp-wait", "wait", NULL };

		close(p[0]);
		close(wait_p[1]);
		dup2(wait_p[0], 0);
		execv(self, args);
		_exit(127);
	}
	close(p[1]);
	close(wait_p[0]);
	CHECK(read(p[0], &c, 1) == 0, "child exec'd (close-on-exec pipe hit EOF)");
	CHECK_ERR(setpgid(d, d), EACCES, "setpgid on a child after execve -> EACCES");
	close(wait_p[1]);
	CHECK(waitpid(d, &status, 0) == d && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "exec'd child exited 0");
	close(p[0]);
}

int main(int argc, char **argv)
{
	ssize_t n;

	if (argc == 2 && strcmp(argv[1], "wait") == 0) {
		char c;

		while (read(0, &c, 1) > 0)
			;
		return 0;
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	self[n > 0 ? n : 0] = 0;
	shared_n = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(shared_n != MAP_FAILED, "mmap shared page");

	/* values are not compared to our pid: inside a sandbox we may be its init */
	CHECK(getpgrp() >= 0 && getpgrp() == getpgid(0) && getpgid(0) == getpgid(getpid()),
	      "getpgrp() == getpgid(0) == getpgid(getpid())");
	CHECK(getsid(0) >= 0 && getsid(0) == getsid(getpid()), "getsid(0) == getsid(getpid())");
	CHECK_ERR(getpgid(NOPID), ESRCH, "getpgid(nonexistent) -> ESRCH");
	CHECK_ERR(getsid(NOPID), ESRCH, "getsid(nonexistent) -> ESRCH");
	CHECK_ERR(getpgid(-5), ESRCH, "getpgid(-5) -> ESRCH");

	in_child(group_child, "process group child exited 0");
	in_child(session_child, "session child exited 0");
	in_child(exec_child, "exec child exited 0");
	return 0;
}
