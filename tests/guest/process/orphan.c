/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * Orphans: when a process's parent exits it is reparented, so getppid()
 * changes away from the dead parent; with PR_SET_CHILD_SUBREAPER it comes to us.
 */
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include "check.h"

struct report {
	pid_t old_ppid;
	pid_t new_ppid;
	pid_t self;
};

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

/*
 * Forks a middle child which forks a grandchild and exits. The grandchild
 * waits until its parent is gone, then reports on the pipe.
 */
static int orphan_run(struct report *rep, int *mid_status)
{
	int p[2], go[2], ready[2];
	pid_t mid;

	if (pipe(p) || pipe(go) || pipe(ready))
		return -1;
	mid = xfork();
	if (mid == 0) {
		pid_t g = xfork();

		if (g == 0) {
			struct report r;
			char c;
			int i;

			close(p[0]);
			close(go[1]);
			r.old_ppid = getppid();
			r.self = getpid();
			if (write(ready[1], "r", 1) != 1)
				_exit(1);
			/* wait for the middle child to be gone (it exits after "go") */
			if (read(go[0], &c, 1) != 0)
				_exit(1);
			for (i = 0; i < 500 && getppid() == r.old_ppid; i++) {
				struct timespec ts = { 0, 2 * 1000 * 1000 };

				nanosleep(&ts, NULL);
			}
			r.new_ppid = getppid();
			if (write(p[1], &r, sizeof(r)) != sizeof(r))
				_exit(1);
			_exit(0);
		}
		/* once the grandchild noted its parent, exit (closing go[1]) */
		{
			char c;

			_exit(read(ready[0], &c, 1) == 1 ? 0 : 1);
		}
	}
	close(p[1]);
	close(go[0]);
	close(go[1]);
	close(ready[0]);
	close(ready[1]);
	if (waitpid(mid, mid_status, 0) != mid)
		return -1;
	memset(rep, 0, sizeof(*rep));
	if (read(p[0], rep, sizeof(*rep)) != sizeof(*rep))
		return -1;
	close(p[0]);
	rep->old_ppid = rep->old_ppid == mid ? 1 : 0;	/* 1: old parent was the middle child */
	if (rep->new_ppid == mid)
		rep->new_ppid = 0;
	return 0;
}

int main(void)
{
	struct report rep;
	int status = -1, sub = -1;

	/* without a subreaper: reparented to some ancestor reaper, not the dead parent */
	CHECK(orphan_run(&rep, &status) == 0, "orphan scenario ran");
	CHECK(status == 0, "middle child exited 0");
	CHECK(rep.old_ppid == 1, "grandchild's parent was the middle child");
	CHECK(rep.new_ppid != 0, "after the parent died, getppid() changed away from it");
	CHECK(rep.new_ppid > 0, "new parent pid is valid");
	/* if we are the init process (as inside a sandbox), the orphan is ours */
	if (rep.new_ppid == getpid())
		waitpid(rep.self, NULL, 0);

	/* as a subreaper, orphaned descendants are reparented to us */
	CHECK(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0, "become child subreaper");
	CHECK(prctl(PR_GET_CHILD_SUBREAPER, &sub, 0, 0, 0) == 0 && sub == 1, "subreaper flag set");
	CHECK(orphan_run(&rep, &status) == 0, "orphan scenario ran again");
	CHECK(rep.old_ppid == 1, "grandchild's parent was the middle child");
	CHECK(rep.new_ppid == getpid(), "orphan reparented to the subreaper (us)");
	CHECK(waitpid(rep.self, &status, 0) == rep.self && status == 0,
	      "we can reap the adopted orphan");
	CHECK_ERR(waitpid(-1, &status, WNOHANG), ECHILD, "no other children");

	/* a killed parent orphans its children too */
	{
		int p[2];
		pid_t mid, g = 0;

		CHECK(pipe(p) == 0, "pipe");
		mid = xfork();
		if (mid == 0) {
			pid_t gg = xfork();

			if (gg == 0) {
				pid_t parent = getppid(), me = getpid();
				int i;

				close(p[0]);
				if (write(p[1], &me, sizeof(me)) != sizeof(me))
					_exit(1);
				for (i = 0; i < 500 && getppid() == parent; i++) {
					struct timespec ts = { 0, 2 * 1000 * 1000 };

					nanosleep(&ts, NULL);
				}
				_exit(getppid() == parent ? 1 : 42);
			}
			if (gg < 0)
				_exit(1);
			for (;;)
				pause();
		}
		close(p[1]);
		CHECK(read(p[0], &g, sizeof(g)) == sizeof(g), "got grandchild pid");
		close(p[0]);
		kill(mid, SIGKILL);
		CHECK(waitpid(mid, &status, 0) == mid && WIFSIGNALED(status),
		      "middle child killed");
		CHECK(waitpid(g, &status, 0) == g && WIFEXITED(status) && WEXITSTATUS(status) == 42,
		      "orphan of a killed parent noticed and was reaped by us");
	}
	return 0;
}
