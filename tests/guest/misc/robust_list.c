/* tags: threads fork */
/* SPDX-License-Identifier: MIT */
/*
 * set_robust_list/get_robust_list (also of another thread, while it runs), and
 * robust mutexes: a thread or process dying while holding one gives
 * EOWNERDEAD to the next locker.
 */
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "check.h"

struct robust_head {
	void *next;
	long futex_offset;
	void *pending;
};

static long get_rl(pid_t pid, void **head, size_t *len)
{
	return syscall(SYS_get_robust_list, pid, head, len);
}

static long set_rl(void *head, size_t len)
{
	return syscall(SYS_set_robust_list, head, len);
}

static void init_robust(pthread_mutex_t *m, int pshared)
{
	pthread_mutexattr_t a;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	if (pshared)
		pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(m, &a);
	pthread_mutexattr_destroy(&a);
}

static pthread_mutex_t m1, m2, m3;
static int pfd[2];

/* Takes the mutex and exits without unlocking it. */
static void *die_holding(void *arg)
{
	pthread_mutex_lock(arg);
	return NULL;
}

static void *die_holding_later(void *arg)
{
	pthread_mutex_lock(arg);
	if (write(pfd[1], "l", 1) != 1)
		return NULL;
	usleep(50000);
	return NULL;
}

static struct robust_head other_head = { &other_head, 0, NULL };
static volatile pid_t other_tid;
static volatile int other_ready, other_stop;

/* Sets its own head, then runs (no system call after it) until told to stop. */
static void *set_and_spin(void *arg)
{
	(void)arg;
	other_tid = (pid_t)syscall(SYS_gettid);
	set_rl(&other_head, sizeof(other_head));
	other_ready = 1;
	while (!other_stop)
		;
	return NULL;
}

/* get_robust_list of another thread sees the head it set, even while it runs. */
static void test_other_thread(void)
{
	void *head = NULL;
	size_t len = 0;
	pthread_t t;

	CHECK(pthread_create(&t, NULL, set_and_spin, NULL) == 0, "start a thread that sets its head");
	while (!other_ready)
		;
	CHECK(get_rl(other_tid, &head, &len) == 0 && head == &other_head && len == sizeof(other_head),
	      "get_robust_list(tid) of a running thread is the head it set");
	other_stop = 1;
	pthread_join(t, NULL);
}

static void test_syscalls(void)
{
	struct robust_head mine = { &mine, 0, NULL };
	void *orig = (void *)1, *head;
	size_t len = 0;
	pid_t pid;
	int st;

	CHECK(get_rl(0, &orig, &len) == 0, "get_robust_list(0)");
	CHECK(len == sizeof(struct robust_head), "length is sizeof(struct robust_list_head)");
	CHECK(set_rl(&mine, sizeof(mine)) == 0, "set_robust_list to our own head");
	head = NULL;
	len = 0;
	CHECK(get_rl(0, &head, &len) == 0 && head == &mine && len == sizeof(mine),
	      "get_robust_list returns it");
	head = NULL;
	CHECK(get_rl(getpid(), &head, &len) == 0 && head == &mine, "get_robust_list(getpid())");
	CHECK(set_rl(orig, sizeof(mine)) == 0, "restore the original head");
	head = (void *)1;
	CHECK(get_rl(0, &head, &len) == 0 && head == orig, "original head is back");

	CHECK_ERR(set_rl(&mine, sizeof(mine) - 1), EINVAL, "wrong length is EINVAL");
	CHECK_ERR(set_rl(&mine, sizeof(mine) + 8), EINVAL, "longer length is EINVAL");
	CHECK_ERR(get_rl(0, (void **)1, &len), EFAULT, "bad head pointer is EFAULT");
	CHECK_ERR(get_rl(0, &head, (size_t *)1), EFAULT, "bad length pointer is EFAULT");

	pid = fork();
	if (pid == 0)
		_exit(0);
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid, "fork and reap a child");
	CHECK_ERR(get_rl(pid, &head, &len), ESRCH, "reaped pid is ESRCH");
}

static void test_threads(void)
{
	pthread_t t;
	char c;
	int r;

	init_robust(&m1, 0);
	pthread_create(&t, NULL, die_holding, &m1);
	pthread_join(t, NULL);
	r = pthread_mutex_lock(&m1);
	CHECK(r == EOWNERDEAD, "lock after the owner thread died is EOWNERDEAD");
	CHECK(pthread_mutex_consistent(&m1) == 0, "pthread_mutex_consistent");
	CHECK(pthread_mutex_unlock(&m1) == 0, "unlock");
	CHECK(pthread_mutex_lock(&m1) == 0, "lock again is 0 after making it consistent");
	pthread_mutex_unlock(&m1);

	init_robust(&m2, 0);
	pthread_create(&t, NULL, die_holding, &m2);
	pthread_join(t, NULL);
	r = pthread_mutex_lock(&m2);
	CHECK(r == EOWNERDEAD, "second mutex: EOWNERDEAD");
	CHECK(pthread_mutex_unlock(&m2) == 0, "unlock without making it consistent");
	r = pthread_mutex_lock(&m2);
	CHECK(r == ENOTRECOVERABLE, "then the mutex is ENOTRECOVERABLE");

	/* A locker already blocked when the owner dies gets EOWNERDEAD too. */
	init_robust(&m3, 0);
	CHECK(pipe(pfd) == 0, "pipe");
	pthread_create(&t, NULL, die_holding_later, &m3);
	CHECK(read(pfd[0], &c, 1) == 1, "thread holds the mutex");
	r = pthread_mutex_lock(&m3);
	CHECK(r == EOWNERDEAD, "blocked locker gets EOWNERDEAD when the owner exits");
	pthread_join(t, NULL);
	pthread_mutex_consistent(&m3);
	pthread_mutex_unlock(&m3);
	close(pfd[0]);
	close(pfd[1]);
}

static void test_process(void)
{
	pthread_mutex_t *m;
	pid_t pid;
	int st, r;

	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED, "shared page for a process-shared mutex");
	init_robust(m, 1);
	pid = fork();
	if (pid == 0)
		_exit(pthread_mutex_lock(m) == 0 ? 0 : 1);
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "child locked the mutex and exited");
	r = pthread_mutex_lock(m);
	CHECK(r == EOWNERDEAD, "lock after the owner process died is EOWNERDEAD");
	CHECK(pthread_mutex_consistent(m) == 0 && pthread_mutex_unlock(m) == 0,
	      "consistent and unlock");

	/* Child killed by a signal while holding it. */
	pid = fork();
	if (pid == 0) {
		pthread_mutex_lock(m);
		raise(SIGKILL);
		_exit(1);
	}
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	      "child killed while holding the mutex");
	r = pthread_mutex_lock(m);
	CHECK(r == EOWNERDEAD, "lock after the owner was killed is EOWNERDEAD");
	pthread_mutex_consistent(m);
	pthread_mutex_unlock(m);
	munmap(m, 4096);
}

int main(void)
{
	test_syscalls();
	test_other_thread();
	test_process();
	test_threads();
	return 0;
}
