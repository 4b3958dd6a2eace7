/* SPDX-License-Identifier: MIT */
/* Host threads and mutexes for kernel/ (one host thread per guest task, kept for reuse). */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/syscall.h>
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

/*
 * Host threads are kept for reuse: every guest thread and process has a host
 * thread of its own, and making and ending one (clone3, stack, TLS, robust
 * list, rseq, exit and the stack's release) cost a guest pthread_create+join
 * ~20-40 us on the 2-core VM. A thread whose function returned waits up to
 * IDLE_SEC for the next start; at most IDLE_MAX wait.
 */
#define IDLE_MAX 16
#define IDLE_SEC 5

struct worker {
	struct worker *next;
	void (*fn)(void *);
	void *arg;
	pid_t tid;
	int cpu;	/* the CPU its affinity is known to be (-1: any), or -2 */
	bool idle;	/* on the idle list (under idle_lock) */
	uint32_t go;	/* futex word: 1 once a start gave it fn and arg */
};

static pthread_mutex_t idle_lock = PTHREAD_MUTEX_INITIALIZER;
static struct worker *idle_list;
static int idle_count;

static long futex(uint32_t *w, int op, uint32_t val, const struct timespec *to)
{
	return syscall(SYS_futex, w, op, val, to, NULL, 0);
}

static void cpu_mask(cpu_set_t *set, int cpu)
{
	int n = host_ncpus(), i;

	CPU_ZERO(set);
	for (i = 0; i < n; i++)
		if (cpu < 0 || i == cpu % n)
			CPU_SET(i, set);
}

/* The calling thread's affinity as host_pin_self (or its worker start) set it: a CPU, -1 any, -2 unknown. */
static __thread int self_cpu = -2;

int host_pin_thread(int tid, int cpu)
{
	cpu_set_t set;

	cpu_mask(&set, cpu);
	return sched_setaffinity(tid, sizeof(set), &set) < 0 ? -errno : 0;
}

void host_pin_self(int cpu)
{
	if (cpu < 0)
		cpu = -1;
	else
		cpu %= host_ncpus();
	if (cpu == self_cpu)
		return;
	self_cpu = host_pin_thread(0, cpu) == 0 ? cpu : -2;
}

/* Parks w on the idle list until a start gives it work (true) or IDLE_SEC pass (false). */
static bool park(struct worker *w)
{
	struct timespec to = { IDLE_SEC, 0 };

	pthread_mutex_lock(&idle_lock);
	if (idle_count >= IDLE_MAX) {
		pthread_mutex_unlock(&idle_lock);
		return false;
	}
	__atomic_store_n(&w->go, 0, __ATOMIC_RELAXED);
	w->cpu = self_cpu;
	w->idle = true;
	w->next = idle_list;
	idle_list = w;
	idle_count++;
	pthread_mutex_unlock(&idle_lock);
	while (__atomic_load_n(&w->go, __ATOMIC_ACQUIRE) == 0) {
		if (futex(&w->go, FUTEX_WAIT_PRIVATE, 0, &to) < 0 && errno == ETIMEDOUT) {
			struct worker **pp;
			bool left = false;

			pthread_mutex_lock(&idle_lock);
			if (w->idle) {	/* no start took it: leave */
				for (pp = &idle_list; *pp != w; pp = &(*pp)->next)
					;
				*pp = w->next;
				idle_count--;
				left = true;
			}
			pthread_mutex_unlock(&idle_lock);
			if (left)
				return false;
		}
	}
	return true;
}

static void *worker_main(void *p)
{
	struct worker *w = p;

	w->tid = gettid();
	do {
		self_cpu = w->cpu;
		w->fn(w->arg);
	} while (park(w));
	kfree(w);
	return NULL;
}

/* An idle worker, off the list, or NULL. */
static struct worker *take_idle(void)
{
	struct worker *w;

	pthread_mutex_lock(&idle_lock);
	w = idle_list;
	if (w) {
		idle_list = w->next;
		idle_count--;
		w->idle = false;
	}
	pthread_mutex_unlock(&idle_lock);
	return w;
}

int host_thread_start(void (*fn)(void *), void *arg)
{
	return host_thread_start_on(fn, arg, -1);
}

int host_thread_start_on(void (*fn)(void *), void *arg, int cpu)
{
	struct worker *w = take_idle();
	pthread_attr_t at;
	pthread_t th;
	cpu_set_t set;
	int r;

	cpu = cpu < 0 ? -1 : cpu % host_ncpus();
	if (w) {
		/* Moved while it sleeps, so that it wakes where it is to run (the last function may have pinned it). */
		w->fn = fn;
		w->arg = arg;
		if (w->cpu != cpu)
			w->cpu = host_pin_thread(w->tid, cpu) == 0 ? cpu : -2;
		__atomic_store_n(&w->go, 1, __ATOMIC_RELEASE);
		futex(&w->go, FUTEX_WAKE_PRIVATE, 1, NULL);
		return 0;
	}
	w = kzalloc(sizeof(*w));
	w->fn = fn;
	w->arg = arg;
	w->cpu = cpu < 0 ? -2 : cpu; /* without an affinity it inherits ours */
	pthread_attr_init(&at);
	pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&at, 1 << 20);
	if (cpu >= 0) {
		cpu_mask(&set, cpu);
		pthread_attr_setaffinity_np(&at, sizeof(set), &set);
	}
	r = pthread_create(&th, &at, worker_main, w);
	pthread_attr_destroy(&at);
	if (r) {
		kfree(w);
		return -r;
	}
	return 0;
}

int host_gettid(void)
{
	return gettid();
}
