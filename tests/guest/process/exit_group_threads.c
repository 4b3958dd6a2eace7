/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * Process exit with several threads: exit_group from a non-main thread ends
 * the whole process with its status, also after the main thread exited;
 * a fatal signal to one thread kills all; a plain thread exit does not.
 */
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include "check.h"

static int block_fd = -1;
static volatile long worker_tid;

static void msleep(int ms)
{
	struct timespec ts = { 0, ms * 1000L * 1000L };

	nanosleep(&ts, NULL);
}

static void *exit_7(void *arg)
{
	(void)arg;
	msleep(10);
	_exit(7);
}

static void *exit_group_9(void *arg)
{
	(void)arg;
	msleep(10);
	syscall(SYS_exit_group, 9);
	return NULL;
}

static void *late_exit_group_11(void *arg)
{
	(void)arg;
	msleep(30);	/* the main thread has called pthread_exit by now */
	syscall(SYS_exit_group, 11);
	return NULL;
}

static void *late_raw_exit(void *arg)
{
	(void)arg;
	msleep(30);
	syscall(SYS_exit, 5);
	return NULL;
}

static void *sleeper(void *arg)
{
	(void)arg;
	worker_tid = syscall(SYS_gettid);
	for (;;)
		pause();
	return NULL;
}

static void *thread_exits(void *arg)
{
	(void)arg;
	syscall(SYS_exit, 99);
	return NULL;
}

/* fork a child that starts fn in a thread, then does 'main_action' */
static int run(void *(*fn)(void *), int main_action)
{
	int status = -1, p[2];
	pid_t pid;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		pthread_t t;
		char c;

		check_failed = 0;
		close(p[1]);
		block_fd = p[0];
		if (pthread_create(&t, NULL, fn, NULL))
			_exit(100);
		switch (main_action) {
		case 0:	/* block in read */
			if (read(block_fd, &c, 1) >= 0)
				_exit(101);
			_exit(102);
		case 1:	/* leave only the other thread */
			pthread_exit(NULL);
		case 2:	/* kill the other thread with SIGTERM */
			while (!worker_tid)
				msleep(1);
			syscall(SYS_tgkill, getpid(), worker_tid, SIGTERM);
			for (;;)
				pause();
		case 3:	/* a thread exits; the process continues */
			msleep(20);
			_exit(12);
		case 4:	/* return from main with the thread running */
			while (!worker_tid)
				msleep(1);
			exit(3);
		}
		_exit(103);
	}
	close(p[0]);
	if (waitpid(pid, &status, 0) != pid)
		status = -1;
	close(p[1]);
	return status;
}

int main(void)
{
	int st;

	st = run(exit_7, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7,
	      "_exit(7) in a thread ends the process (main blocked in read), status 7");
	st = run(exit_group_9, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 9, "raw exit_group(9) from a thread, status 9");
	st = run(late_exit_group_11, 1);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 11,
	      "exit_group(11) after main thread's pthread_exit, status 11");
	st = run(late_raw_exit, 1);
	/* the reported code is the leader's (0) on older kernels, the last thread's on newer */
	CHECK(WIFEXITED(st) && (WEXITSTATUS(st) == 0 || WEXITSTATUS(st) == 5),
	      "process ends when its last thread does a plain exit");
	st = run(sleeper, 2);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
	      "SIGTERM to one thread kills the process");
	st = run(thread_exits, 3);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 12,
	      "a thread's plain exit does not end the process");
	st = run(sleeper, 4);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3, "exit(3) from main with a thread running");
	return 0;
}
