/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * prctl(): PR_SET_NAME/PR_GET_NAME (per thread, truncated to 15 chars),
 * PR_SET_PDEATHSIG/PR_GET_PDEATHSIG (and its delivery), child subreaper, dumpable.
 */
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include "check.h"

static char thread_name[32];

static void *name_thread(void *arg)
{
	(void)arg;
	prctl(PR_SET_NAME, "worker-thread", 0, 0, 0);
	prctl(PR_GET_NAME, thread_name, 0, 0, 0);
	return NULL;
}

static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig)
{
	(void)sig;
	got_usr1 = 1;
}

int main(int argc, char **argv)
{
	char name[32], expect[16];
	const char *base;
	int sig, status;
	pid_t pid;

	(void)argc;
	/* the initial name is the executable's basename, truncated to 15 chars */
	base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	snprintf(expect, sizeof(expect), "%s", base);
	memset(name, 0, sizeof(name));
	CHECK(prctl(PR_GET_NAME, name, 0, 0, 0) == 0, "PR_GET_NAME");
	CHECK(strcmp(name, expect) == 0, "initial name is the executable basename");

	CHECK(prctl(PR_SET_NAME, "ukern-test", 0, 0, 0) == 0, "PR_SET_NAME \"ukern-test\"");
	memset(name, 0x55, sizeof(name));
	CHECK(prctl(PR_GET_NAME, name, 0, 0, 0) == 0 && strcmp(name, "ukern-test") == 0,
	      "PR_GET_NAME reads it back");

	CHECK(prctl(PR_SET_NAME, "0123456789abcdefghij", 0, 0, 0) == 0, "PR_SET_NAME long name");
	memset(name, 0x55, sizeof(name));
	CHECK(prctl(PR_GET_NAME, name, 0, 0, 0) == 0 && strcmp(name, "0123456789abcde") == 0,
	      "name truncated to 15 characters");
	CHECK_ERR(prctl(PR_SET_NAME, (char *)8, 0, 0, 0), EFAULT,
		  "PR_SET_NAME bad pointer -> EFAULT");

	/* names are per thread */
	{
		pthread_t t;

		prctl(PR_SET_NAME, "main-thread", 0, 0, 0);
		CHECK(pthread_create(&t, NULL, name_thread, NULL) == 0 &&
			      pthread_join(t, NULL) == 0,
		      "thread sets its own name");
		CHECK(strcmp(thread_name, "worker-thread") == 0, "thread reads its own name");
		prctl(PR_GET_NAME, name, 0, 0, 0);
		CHECK(strcmp(name, "main-thread") == 0, "main thread name unchanged");
	}

	/* name is inherited over fork */
	pid = fork();
	if (pid == 0) {
		char n[32];

		prctl(PR_GET_NAME, n, 0, 0, 0);
		_exit(strcmp(n, "main-thread") == 0 ? 0 : 1);
	}
	CHECK(waitpid(pid, &status, 0) == pid && status == 0, "forked child inherits the name");

	/* PDEATHSIG get/set */
	sig = -1;
	CHECK(prctl(PR_GET_PDEATHSIG, &sig, 0, 0, 0) == 0 && sig == 0, "initial pdeathsig 0");
	CHECK(prctl(PR_SET_PDEATHSIG, SIGUSR1, 0, 0, 0) == 0, "PR_SET_PDEATHSIG SIGUSR1");
	CHECK(prctl(PR_GET_PDEATHSIG, &sig, 0, 0, 0) == 0 && sig == SIGUSR1,
	      "PR_GET_PDEATHSIG reads SIGUSR1");
	CHECK_ERR(prctl(PR_SET_PDEATHSIG, 100, 0, 0, 0), EINVAL, "pdeathsig 100 -> EINVAL");
	pid = fork();
	if (pid == 0) {
		int s = -1;

		prctl(PR_GET_PDEATHSIG, &s, 0, 0, 0);
		_exit(s == 0 ? 0 : 1);
	}
	CHECK(waitpid(pid, &status, 0) == pid && status == 0, "pdeathsig cleared in fork child");
	CHECK(prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0) == 0, "clear pdeathsig");

	/* subreaper flag */
	sig = -1;
	CHECK(prctl(PR_GET_CHILD_SUBREAPER, &sig, 0, 0, 0) == 0 && sig == 0,
	      "not a subreaper initially");
	CHECK(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0, "PR_SET_CHILD_SUBREAPER 1");
	CHECK(prctl(PR_GET_CHILD_SUBREAPER, &sig, 0, 0, 0) == 0 && sig == 1,
	      "PR_GET_CHILD_SUBREAPER reads 1");

	/*
	 * pdeathsig delivery: a grandchild asks for SIGUSR1 when its parent dies;
	 * the grandchild is then reparented to us (the subreaper)
	 */
	{
		int ready[2], result[2];
		pid_t gc = -1;
		char c = 0;

		CHECK(pipe(ready) == 0 && pipe(result) == 0, "pipes");
		pid = fork();
		if (pid == 0) {
			pid_t g = fork();

			if (g == 0) {
				struct sigaction sa;
				pid_t parent = getppid();
				int i;

				memset(&sa, 0, sizeof(sa));
				sa.sa_handler = on_usr1;
				sigaction(SIGUSR1, &sa, NULL);
				prctl(PR_SET_PDEATHSIG, SIGUSR1, 0, 0, 0);
				c = getppid() == parent ? 'r' : 'x';
				if (write(ready[1], &c, 1) != 1)
					_exit(1);
				for (i = 0; i < 200 && !got_usr1; i++) {
					struct timespec ts = { 0, 5 * 1000 * 1000 };

					nanosleep(&ts, NULL);
				}
				c = got_usr1 ? 'y' : 'n';
				if (getppid() == parent)
					c = 'p';
				if (write(result[1], &c, 1) != 1)
					_exit(1);
				_exit(0);
			}
			/* wait until the grandchild armed pdeathsig, then die */
			close(ready[1]);
			if (read(ready[0], &c, 1) != 1 || c != 'r')
				_exit(2);
			if (write(result[1], &g, sizeof(g)) != sizeof(g))
				_exit(3);
			_exit(0);
		}
		close(ready[1]);
		close(result[1]);
		CHECK(read(result[0], &gc, sizeof(gc)) == sizeof(gc), "got grandchild pid");
		CHECK(waitpid(pid, &status, 0) == pid && status == 0, "middle child exited 0");
		c = 0;
		CHECK(read(result[0], &c, 1) == 1 && c == 'y',
		      "grandchild got SIGUSR1 when its parent died, and was reparented");
		CHECK(waitpid(gc, &status, 0) == gc && status == 0,
		      "orphaned grandchild reaped by us (subreaper)");
		close(ready[0]);
		close(result[0]);
	}

	/* dumpable flag */
	CHECK(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 1, "PR_GET_DUMPABLE is 1");
	CHECK(prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0 && prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0,
	      "PR_SET_DUMPABLE 0");
	CHECK_ERR(prctl(PR_SET_DUMPABLE, 2, 0, 0, 0), EINVAL, "PR_SET_DUMPABLE 2 -> EINVAL");
	CHECK(prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) == 0, "PR_SET_DUMPABLE 1");

	CHECK_ERR(prctl(0x7fff1234, 0, 0, 0, 0), EINVAL, "unknown option -> EINVAL");
	return 0;
}
