/* SPDX-License-Identifier: MIT */
/*
 * Placement: which host CPU each task's driver and stub thread are pinned to
 * (platform_ctx_pin). On the seccomp platform a new task starts on its
 * creator's CPU (task_clone), since tasks that talk to each other then wake
 * each other without waking a halted vCPU. A task moves to a CPU that no task
 * wants when its own CPU is contended: two or more tasks want it
 * (platform_load counts per CPU the tasks that want one, each on the CPU its
 * ctx is pinned to) and, over at least SAMPLE_NS in which the task never
 * slept, its stub thread spent more than a quarter of the time waiting on the
 * host's run queue. Tasks that take turns (a pipe's writer wakes its reader
 * and then sleeps in its own read) wait on the run queue too, but they sleep,
 * and gain nothing from two CPUs. The driver checks at each switch
 * (platform_switch); a seccomp driver whose stub computes without trapping
 * also when its wait times out, every 100 ms (now: it moves at once). Under
 * ptrace a driver waits for its stub in waitpid, with no time-out to catch a
 * task that computes without trapping, so tasks start spread by tid there.
 */
#include <time.h>
#include "host/host.h"
#include "platform/platform_impl.h"

#define MAX_CPUS 256
#define SAMPLE_NS 2000000

static int cpu_load[MAX_CPUS];
static __thread int placed = -1;	/* the CPU this thread's task counts on */
static __thread int wanting;		/* its task wants a CPU (1) or sleeps (0) */
static __thread int64_t sample_at, delay_at; /* start of the contention sample, run-queue delay then */

static void count_on(int cpu, int delta)
{
	if (cpu >= 0 && cpu < MAX_CPUS)
		__atomic_add_fetch(&cpu_load[cpu], delta, __ATOMIC_RELAXED);
}

/* This thread's task wants a CPU (delta 1) or goes to sleep (-1). */
void placement_load(int delta)
{
	wanting += delta;
	count_on(placed, delta);
	if (delta < 0)
		sample_at = 0;	/* it sleeps: the contention sample starts again when it wakes */
}

/* This thread's task was pinned to cpu (-1: nowhere). */
void placement_moved(int cpu)
{
	count_on(placed, -wanting);
	placed = cpu;
	count_on(placed, wanting);
}

void platform_rebalance(struct platform_ctx *ctx, bool now)
{
	int n = host_ncpus(), c = ctx->cpu, d;
	struct timespec ts;
	int64_t t, delay;

	if (n < 2 || n > MAX_CPUS || c < 0 || c != placed ||
	    __atomic_load_n(&cpu_load[c], __ATOMIC_RELAXED) < 2) {
		sample_at = 0;
		return;
	}
	for (d = 0; d < n && (d == c || __atomic_load_n(&cpu_load[d], __ATOMIC_RELAXED) > 0); d++)
		;
	if (d == n) {
		sample_at = 0;
		return;
	}
	if (!now) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		t = ts.tv_sec * 1000000000LL + ts.tv_nsec;
		if (sample_at && t - sample_at < SAMPLE_NS)
			return;
		delay = host_task_run_delay_ns(ctx->as->pid, ctx->tid);
		if (!sample_at || delay < 0 || (delay - delay_at) * 4 < t - sample_at) {
			sample_at = t;	/* (re)start the sample */
			delay_at = delay;
			return;
		}
	}
	sample_at = 0;
	platform_ctx_pin(ctx, d);
}
