/* SPDX-License-Identifier: MIT */
/* Host threads and mutexes for kernel/ (one host thread per guest task). */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>
#include "host/host.h"
#include "lib/kstd.h"

struct host_mutex {
	pthread_mutex_t m;
};

struct host_mutex *host_mutex_new(void)
{
	struct host_mutex *m = kzalloc(sizeof(*m));

	pthread_mutex_init(&m->m, NULL);
	return m;
}

void host_mutex_lock(struct host_mutex *m)
{
	pthread_mutex_lock(&m->m);
}

void host_mutex_unlock(struct host_mutex *m)
{
	pthread_mutex_unlock(&m->m);
}

struct start {
	void (*fn)(void *);
	void *arg;
};

static void *trampoline(void *p)
{
	struct start s = *(struct start *)p;

	kfree(p);
	s.fn(s.arg);
	return NULL;
}

int host_thread_start(void (*fn)(void *), void *arg)
{
	return host_thread_start_on(fn, arg, -1);
}

int host_thread_start_on(void (*fn)(void *), void *arg, int cpu)
{
	pthread_attr_t at;
	pthread_t th;
	struct start *s = kmalloc(sizeof(*s));
	int r;

	s->fn = fn;
	s->arg = arg;
	pthread_attr_init(&at);
	pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&at, 1 << 20);
	if (cpu >= 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(cpu % host_ncpus(), &set);
		pthread_attr_setaffinity_np(&at, sizeof(set), &set);
	}
	r = pthread_create(&th, &at, trampoline, s);
	pthread_attr_destroy(&at);
	if (r) {
		kfree(s);
		return -r;
	}
	return 0;
}

int host_gettid(void)
{
	return gettid();
}
