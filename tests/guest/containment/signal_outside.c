/* tags: sandbox-only */
/* SPDX-License-Identifier: MIT */
/*
 * The guest sees only its own processes: signals (even signal 0) to any other
 * pid or process group are ESRCH, and kill(-1) finds nobody to signal while
 * the test has no children. Never run natively: kill(-1, SIGTERM) there
 * would signal every process of the user.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "check.h"

static const int far_pids[] = { 300, 1000, 4096, 32767, 32768, 65536, 4194303, 4194304 };

/* first pid in [from, to] (other than skip) that kill(pid, 0) does not say ESRCH for */
static int first_visible(int from, int to, pid_t skip, int group)
{
	int pid;

	for (pid = from; pid <= to; pid++) {
		if (pid == skip)
			continue;
		if (kill(group ? -pid : pid, 0) == 0 || errno != ESRCH)
			return pid;
	}
	return 0;
}

int main(void)
{
	pid_t self = getpid(), pgrp = getpgrp(), child;
	char desc[128];
	int i, bad, status, pipefd[2];

	bad = first_visible(2, 100, self, 0);
	if (bad == 0)
		snprintf(desc, sizeof(desc), "kill(pid, 0) is ESRCH for pids 2..100");
	else
		snprintf(desc, sizeof(desc), "kill(pid, 0) is ESRCH for pids 2..100 (pid %d is not)", bad);
	CHECK(bad == 0, desc);
	bad = first_visible(101, 1024, self, 0);
	CHECK(bad == 0, "kill(pid, 0) is ESRCH for pids 101..1024");
	for (i = 0; i < (int)(sizeof(far_pids) / sizeof(far_pids[0])); i++) {
		snprintf(desc, sizeof(desc), "kill(%d, 0) is ESRCH", far_pids[i]);
		CHECK_ERR(kill(far_pids[i], 0), ESRCH, desc);
	}
	bad = first_visible(2, 100, pgrp, 1);
	CHECK(bad == 0, "kill(-pgrp, 0) is ESRCH for process groups 2..100");
	bad = 0;
	for (i = 2; i <= 100; i++)
		if (i != self && (syscall(SYS_tgkill, i, i, 0) == 0 || errno != ESRCH))
			bad = i;
	CHECK(bad == 0, "tgkill(pid, pid, 0) is ESRCH for pids 2..100");
	CHECK(kill(self, 0) == 0, "kill(self, 0) works");
	CHECK(kill(0, 0) == 0, "kill(0, 0) works");

	/* kill(-1) never signals the caller; with no other process it is ESRCH */
	CHECK_ERR(kill(-1, 0), ESRCH, "kill(-1, 0) is ESRCH with no other process");
	if (kill(-1, 0) == -1 && errno == ESRCH)
		CHECK_ERR(kill(-1, SIGTERM), ESRCH, "kill(-1, SIGTERM) is ESRCH with no other process");
	else
		CHECK(0, "kill(-1, SIGTERM) not tried: kill(-1, 0) found processes");

	/* the checks above can see a process when there is one */
	CHECK(pipe(pipefd) == 0, "pipe");
	child = fork();
	if (child == 0) {
		char c;

		close(pipefd[1]);
		read(pipefd[0], &c, 1);
		_exit(0);
	}
	CHECK(child > 0, "fork");
	close(pipefd[0]);
	CHECK(kill(child, 0) == 0, "kill(child, 0) works");
	CHECK(kill(-1, 0) == 0, "kill(-1, 0) finds the child");
	close(pipefd[1]);
	CHECK(waitpid(child, &status, 0) == child && WIFEXITED(status), "child exits");
	CHECK_ERR(kill(child, 0), ESRCH, "kill(child, 0) is ESRCH once reaped");
	CHECK_ERR(kill(-1, 0), ESRCH, "kill(-1, 0) is ESRCH again");
	return 0;
}
