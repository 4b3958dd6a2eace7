/* tags: proc fork threads */
/* SPDX-License-Identifier: MIT */
/*
 * /proc/<pid> of a forked child: listed in /proc, stat/status/cmdline/comm
 * are right, it shows state Z before it is reaped and vanishes after.
 * Threads appear under /proc/self/task.
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "check.h"

static char buf[65536], want[65536];

static ssize_t slurp(const char *path)
{
	ssize_t n, total = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while ((size_t)total < sizeof(buf) - 1 &&
	       (n = read(fd, buf + total, sizeof(buf) - 1 - total)) > 0)
		total += n;
	close(fd);
	buf[total] = 0;
	return total;
}

static int dir_has(const char *dir, long num)
{
	struct dirent *de;
	char name[32];
	int found = 0;
	DIR *d = opendir(dir);

	if (!d)
		return 0;
	snprintf(name, sizeof(name), "%ld", num);
	while ((de = readdir(d)))
		if (strcmp(de->d_name, name) == 0)
			found = 1;
	closedir(d);
	return found;
}

/* State letter from a stat line, or 0. */
static char stat_state(void)
{
	char *rp = strrchr(buf, ')');

	return rp && rp[1] == ' ' ? rp[2] : 0;
}

static int stat_ppid(void)
{
	char *rp = strrchr(buf, ')');

	return rp ? atoi(rp + 4) : -1;
}

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int thread_tid, thread_go;

static void *thread_fn(void *arg)
{
	pthread_mutex_lock(&mu);
	thread_tid = syscall(SYS_gettid);
	pthread_cond_broadcast(&cv);
	while (!thread_go)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	return NULL;
}

int main(int argc, char **argv)
{
	char path[128];
	int tochild[2], toparent[2], st, i;
	size_t wl = 0, l;
	siginfo_t si;
	pthread_t t;
	pid_t pid;
	char c;

	for (i = 0; i < argc; i++) {
		l = strlen(argv[i]) + 1;
		memcpy(want + wl, argv[i], l);
		wl += l;
	}

	CHECK(pipe(tochild) == 0 && pipe(toparent) == 0, "pipes");
	pid = fork();
	if (pid == 0) {
		close(tochild[1]);
		close(toparent[0]);
		prctl(PR_SET_NAME, "proc-kid");
		if (write(toparent[1], "r", 1) != 1 || read(tochild[0], &c, 1) != 1)
			_exit(1);
		_exit(7);
	}
	CHECK(pid > 0, "fork");
	close(tochild[0]);
	close(toparent[1]);
	CHECK(read(toparent[0], &c, 1) == 1, "child is ready");

	CHECK(dir_has("/proc", pid), "/proc lists the child's pid");
	CHECK(dir_has("/proc", getpid()), "/proc lists our own pid");
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	CHECK(slurp(path) > 0, "read /proc/<child>/stat");
	CHECK(atoi(buf) == pid, "stat field 1 is the child's pid");
	CHECK(strstr(buf, " (proc-kid) ") != NULL, "stat field 2 is the child's comm");
	for (i = 0; i < 5000 && stat_state() != 'S'; i++) {
		usleep(1000);
		slurp(path);
	}
	CHECK(stat_state() == 'S', "a child blocked in read() gets to state S");
	CHECK(stat_ppid() == getpid(), "stat ppid is our pid");
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	CHECK(slurp(path) > 0 && strcmp(buf, "proc-kid\n") == 0, "/proc/<child>/comm");
	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	CHECK(slurp(path) == (ssize_t)wl && memcmp(buf, want, wl) == 0,
	      "child's cmdline is the inherited argv");
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	CHECK(slurp(path) > 0, "read /proc/<child>/status");
	snprintf(want, sizeof(want), "\nPPid:\t%d\n", (int)getpid());
	CHECK(strstr(buf, want) != NULL, "status PPid: is our pid");
	snprintf(want, sizeof(want), "\nPid:\t%d\n", (int)pid);
	CHECK(strstr(buf, want) != NULL, "status Pid: is the child's pid");
	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	CHECK(dir_has(path, pid), "/proc/<child>/task lists the child's tid");

	/* Let it exit; look at it as a zombie, then reap it. */
	CHECK(write(tochild[1], "x", 1) == 1, "tell the child to exit");
	memset(&si, 0, sizeof(si));
	CHECK(waitid(P_PID, pid, &si, WEXITED | WNOWAIT) == 0 && si.si_pid == pid &&
		      si.si_status == 7,
	      "waitid WNOWAIT sees the exit without reaping");
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	CHECK(slurp(path) > 0 && stat_state() == 'Z', "unreaped child is in state Z");
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 7, "reap it");
	CHECK_ERR(open(path, O_RDONLY), ENOENT, "/proc/<child>/stat is ENOENT after reaping");
	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	CHECK_ERR(access(path, F_OK), ENOENT, "/proc/<child> is gone");
	CHECK(!dir_has("/proc", pid), "/proc no longer lists it");
	CHECK_ERR(kill(pid, 0), ESRCH, "kill(pid, 0) is ESRCH");
	close(tochild[1]);
	close(toparent[0]);

	/* A thread shows up in /proc/self/task and as /proc/<tid>. */
	pthread_mutex_lock(&mu);
	pthread_create(&t, NULL, thread_fn, NULL);
	while (!thread_tid)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	CHECK(dir_has("/proc/self/task", thread_tid), "/proc/self/task lists the thread");
	CHECK(dir_has("/proc/self/task", getpid()), "/proc/self/task lists the main thread");
	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", thread_tid);
	CHECK(slurp(path) > 0 && atoi(buf) == thread_tid, "task stat field 1 is the tid");
	CHECK(!dir_has("/proc", thread_tid), "/proc does not list the thread's tid");
	snprintf(path, sizeof(path), "/proc/%d/status", thread_tid);
	snprintf(want, sizeof(want), "\nTgid:\t%d\n", (int)getpid());
	CHECK(slurp(path) > 0 && strstr(buf, want) != NULL, "/proc/<tid>/status has our Tgid");
	CHECK(slurp("/proc/self/status") > 0 && strstr(buf, "\nThreads:\t2\n") != NULL,
	      "status Threads: is 2");
	pthread_mutex_lock(&mu);
	thread_go = 1;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
	pthread_join(t, NULL);
	/* The tid is cleared slightly before the kernel drops the task. */
	for (i = 0; i < 5000 && dir_has("/proc/self/task", thread_tid); i++)
		usleep(1000);
	CHECK(!dir_has("/proc/self/task", thread_tid), "joined thread is gone from task");
	return 0;
}
