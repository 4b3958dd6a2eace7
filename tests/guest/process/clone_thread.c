/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * Threads via pthread_create/join: shared memory, per-thread TLS, distinct
 * thread ids, same process id, return values, mutex/condvar hand-off.
 */
#include <pthread.h>
#include <sys/syscall.h>
#include "check.h"

#define NTHREADS 4
#define ITERS 10000

static long main_tid;
static int shared_counter;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int turn;
static __thread int tls_var = 100;

struct tinfo {
	int idx;
	long tid;
	pid_t pid;
	int tls_seen;
	int *tls_addr;
};

static void *worker(void *arg)
{
	struct tinfo *ti = arg;
	int i;

	ti->tid = syscall(SYS_gettid);
	ti->pid = getpid();
	ti->tls_seen = tls_var;
	tls_var = ti->idx;
	ti->tls_addr = &tls_var;
	for (i = 0; i < ITERS; i++) {
		pthread_mutex_lock(&lock);
		shared_counter++;
		pthread_mutex_unlock(&lock);
	}
	return (void *)(long)(ti->idx * 10);
}

static void *pingpong(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < 50; i++) {
		pthread_mutex_lock(&lock);
		while (turn != 1)
			pthread_cond_wait(&cond, &lock);
		turn = 0;
		pthread_cond_signal(&cond);
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

static void *exiter(void *arg)
{
	(void)arg;
	pthread_exit((void *)77L);
	return NULL;
}

int main(void)
{
	pthread_t th[NTHREADS];
	struct tinfo ti[NTHREADS];
	int i, j, ok;

	main_tid = syscall(SYS_gettid);
	CHECK(main_tid == getpid(), "main thread: gettid() == getpid()");
	tls_var = -1;

	memset(ti, 0, sizeof(ti));
	ok = 1;
	for (i = 0; i < NTHREADS; i++) {
		ti[i].idx = i + 1;
		if (pthread_create(&th[i], NULL, worker, &ti[i]) != 0)
			ok = 0;
	}
	CHECK(ok, "pthread_create x4");

	ok = 1;
	for (i = 0; i < NTHREADS; i++) {
		void *ret = NULL;

		if (pthread_join(th[i], &ret) != 0 || ret != (void *)(long)((i + 1) * 10))
			ok = 0;
	}
	CHECK(ok, "pthread_join returns each thread's value");
	CHECK(shared_counter == NTHREADS * ITERS, "mutex-protected shared counter is exact");

	ok = 1;
	for (i = 0; i < NTHREADS; i++)
		if (ti[i].pid != getpid())
			ok = 0;
	CHECK(ok, "threads see the same getpid()");

	ok = 1;
	for (i = 0; i < NTHREADS; i++) {
		if (ti[i].tid <= 0 || ti[i].tid == getpid() || ti[i].tid == main_tid)
			ok = 0;
		for (j = 0; j < i; j++)
			if (ti[i].tid == ti[j].tid)
				ok = 0;
	}
	CHECK(ok, "thread gettid() values are distinct and differ from getpid()");

	ok = 1;
	for (i = 0; i < NTHREADS; i++) {
		if (ti[i].tls_seen != 100 || ti[i].tls_addr == &tls_var)
			ok = 0;
		for (j = 0; j < i; j++)
			if (ti[i].tls_addr == ti[j].tls_addr)
				ok = 0;
	}
	CHECK(ok, "each thread gets its own initialized TLS copy");
	CHECK(tls_var == -1, "main thread TLS unchanged by workers");

	/* condition variable ping-pong between two threads */
	{
		pthread_t t;

		CHECK(pthread_create(&t, NULL, pingpong, NULL) == 0, "create ping-pong thread");
		for (i = 0; i < 50; i++) {
			pthread_mutex_lock(&lock);
			turn = 1;
			pthread_cond_signal(&cond);
			while (turn != 0)
				pthread_cond_wait(&cond, &lock);
			pthread_mutex_unlock(&lock);
		}
		CHECK(pthread_join(t, NULL) == 0, "50 condvar round trips done");
	}

	/* pthread_exit value */
	{
		pthread_t t;
		void *ret = NULL;

		CHECK(pthread_create(&t, NULL, exiter, NULL) == 0 && pthread_join(t, &ret) == 0 &&
			      ret == (void *)77L,
		      "pthread_exit value seen by join");
	}

	/* detached threads run too */
	{
		pthread_attr_t attr;
		pthread_t t;
		int before = shared_counter;
		struct tinfo d = { .idx = 9 };

		pthread_attr_init(&attr);
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		CHECK(pthread_create(&t, &attr, worker, &d) == 0, "create detached thread");
		for (i = 0; i < 2000; i++) {
			pthread_mutex_lock(&lock);
			j = shared_counter;
			pthread_mutex_unlock(&lock);
			if (j == before + ITERS)
				break;
			usleep(1000);
		}
		CHECK(j == before + ITERS, "detached thread finished its work");
		pthread_attr_destroy(&attr);
	}
	return 0;
}
