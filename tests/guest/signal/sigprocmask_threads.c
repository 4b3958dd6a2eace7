/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * rt_sigprocmask's edges and its races with other threads: a bad new set
 * leaves the mask alone, a bad old set fails after the change, one buffer
 * may be both; a thread's mask is what others see (signal choice,
 * /proc/TID/status SigBlk) even while it runs; signals another thread sends
 * while the target blocks and unblocks in a tight loop all arrive, and none
 * while it blocks them.
 */
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include "check.h"

#define SENDS 2000

static volatile int hits[65];
static volatile pid_t worker_tid;
static volatile int stage, stop;
static volatile long while_blocked;

static void on_sig(int sig)
{
	hits[sig]++;
}

static long raw_mask(int how, const void *set, void *old)
{
	return syscall(SYS_rt_sigprocmask, how, set, old, 8);
}

static uint64_t cur_mask(void)
{
	uint64_t m = 0;

	raw_mask(SIG_BLOCK, NULL, &m);
	return m;
}

#define BIT(s) (1ULL << ((s) - 1))

/* SigBlk of a thread, from /proc/self/task/TID/status. */
static uint64_t proc_sigblk(pid_t tid)
{
	char path[64], line[256];
	unsigned long long v = ~0ULL;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/status", tid);
	f = fopen(path, "r");
	if (!f)
		return ~0ULL;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "SigBlk: %llx", &v) == 1)
			break;
	fclose(f);
	return v;
}

/* Blocks SIGUSR2 and spins until told to stop, then unblocks it. */
static void *blocker(void *arg)
{
	uint64_t m = BIT(SIGUSR2);

	(void)arg;
	worker_tid = (pid_t)syscall(SYS_gettid);
	raw_mask(SIG_BLOCK, &m, NULL);
	stage = 1;
	while (stage == 1)
		;
	raw_mask(SIG_UNBLOCK, &m, NULL);
	return NULL;
}

/* Toggles SIGRTMIN blocked/unblocked; a signal handled while it is blocked counts in while_blocked. */
static void *toggler(void *arg)
{
	uint64_t m = BIT(SIGRTMIN);
	int before, i;

	(void)arg;
	worker_tid = (pid_t)syscall(SYS_gettid);
	while (!stop) {
		raw_mask(SIG_BLOCK, &m, NULL);
		before = hits[SIGRTMIN];
		for (i = 0; i < 100; i++)
			syscall(SYS_getppid); /* stops for the kernel, where a signal could be delivered */
		if (hits[SIGRTMIN] != before)
			while_blocked++;
		raw_mask(SIG_UNBLOCK, &m, NULL);
	}
	return NULL;
}

int main(void)
{
	uint64_t m, old, both;
	char *ro = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	pthread_t t;
	int i, sent;

	munmap(ro + 4096, 4096); /* the end of a mapping */
	signal(SIGUSR1, on_sig);
	signal(SIGUSR2, on_sig);
	signal(SIGRTMIN, on_sig);

	/* Bad pointers. */
	m = BIT(SIGUSR1);
	CHECK(raw_mask(SIG_SETMASK, &m, NULL) == 0, "SIG_SETMASK {USR1}");
	errno = 0;
	CHECK(raw_mask(SIG_BLOCK, (void *)16, NULL) == -1 && errno == EFAULT, "unmapped new set: EFAULT");
	CHECK(cur_mask() == BIT(SIGUSR1), "... and the mask is unchanged");
	m = BIT(SIGUSR2);
	errno = 0;
	CHECK(raw_mask(SIG_BLOCK, &m, (void *)16) == -1 && errno == EFAULT, "unmapped old set: EFAULT");
	CHECK(cur_mask() == (BIT(SIGUSR1) | BIT(SIGUSR2)), "... after the mask changed, as Linux does");
	errno = 0;
	CHECK(raw_mask(SIG_SETMASK, &m, ro) == -1 && errno == EFAULT, "read-only old set: EFAULT");
	CHECK(cur_mask() == BIT(SIGUSR2), "... after the mask changed");
	errno = 0;
	CHECK(raw_mask(SIG_BLOCK, ro + 4092, NULL) == -1 && errno == EFAULT,
	      "new set across the end of a mapping: EFAULT");
	errno = 0;
	CHECK(raw_mask(7, &m, NULL) == -1 && errno == EINVAL, "bad how: EINVAL");
	CHECK(cur_mask() == BIT(SIGUSR2), "... and the mask is unchanged");
	both = BIT(SIGUSR1) | BIT(SIGKILL) | BIT(SIGSTOP);
	CHECK(raw_mask(SIG_SETMASK, &both, &both) == 0 && both == BIT(SIGUSR2),
	      "one buffer as new and old set: old is the mask before");
	CHECK(cur_mask() == BIT(SIGUSR1), "... and SIGKILL and SIGSTOP stay unblocked");
	m = 0;
	CHECK(raw_mask(SIG_SETMASK, &m, &old) == 0 && old == BIT(SIGUSR1), "unblock all");

	/* Another thread's mask as the rest of the process sees it while that thread runs. */
	stage = 0;
	pthread_create(&t, NULL, blocker, NULL);
	while (stage != 1)
		;
	CHECK((proc_sigblk(worker_tid) & BIT(SIGUSR2)) != 0, "a running thread's SigBlk shows what it blocked");
	m = BIT(SIGUSR2);
	raw_mask(SIG_BLOCK, &m, NULL);
	hits[SIGUSR2] = 0;
	kill(getpid(), SIGUSR2);
	CHECK(hits[SIGUSR2] == 0, "a process signal every thread blocks waits");
	stage = 2;
	pthread_join(t, NULL);
	CHECK(hits[SIGUSR2] == 1, "the thread that unblocks it takes it");
	raw_mask(SIG_UNBLOCK, &m, NULL);
	CHECK(hits[SIGUSR2] == 1, "... once");

	/* Signals to a thread that blocks and unblocks as fast as it can. */
	m = BIT(SIGRTMIN);
	raw_mask(SIG_BLOCK, &m, NULL); /* only the toggler may take it */
	stop = 0;
	worker_tid = 0;
	pthread_create(&t, NULL, toggler, NULL);
	while (!worker_tid)
		;
	sent = 0;
	for (i = 0; i < SENDS; i++) {
		union sigval v = { .sival_int = i };

		if (sigqueue(getpid(), SIGRTMIN, v) == 0)
			sent++;
		if (i % 64 == 0)
			sched_yield();
	}
	/* Queued RT signals all arrive; wait for the last (bounded). */
	for (i = 0; i < 20000 && hits[SIGRTMIN] < sent; i++)
		usleep(100);
	stop = 1;
	pthread_join(t, NULL);
	CHECK(sent == SENDS, "every sigqueue succeeded");
	CHECK(hits[SIGRTMIN] == sent, "every queued signal reached the toggling thread");
	CHECK(while_blocked == 0, "none was handled while the thread blocked it");
	return 0;
}
