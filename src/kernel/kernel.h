/* SPDX-License-Identifier: MIT */
/*
 * Kernel-wide services: the big kernel lock, wait queues, sleeping and
 * waking, timers and the guest clocks.
 *
 * Lock order: kernel_lock is the only kernel lock today (one big kernel
 * lock). Every guest task's host thread holds it while it runs kernel code
 * and drops it while guest code runs (platform_switch) and while it sleeps
 * (task_sleep). Platform-internal locks (zygote, scratch) nest inside it.
 * Nothing in the design depends on there being one lock: waitqueues and
 * wakeups name the task they wake, never "whoever holds the lock".
 */
#ifndef KERNEL_KERNEL_H
#define KERNEL_KERNEL_H
#include <stdbool.h>
#include <stdint.h>
#include "abi/poll.h"
#include "lib/list.h"

struct task;

void kernel_lock(void);
void kernel_unlock(void);
void kernel_init(void);

/* Wait queues. Preconditions for all: kernel_lock held. */
struct waitq {
	struct list_head waiters;
	uint64_t seq; /* bumped by every wake: lets epoll see new events (edge triggering) */
};
struct waiter {
	struct list_head link;
	struct task *task;
	struct waitq *wq;
};
void waitq_init(struct waitq *wq);
/* Adds t to wq (w is caller storage, live until waitq_del). */
void waitq_add(struct waitq *wq, struct waiter *w, struct task *t);
void waitq_del(struct waiter *w);
/*
 * The object holding wq is going away: wakes its waiters and unhooks them, so
 * that their own waitq_del later is a no-op (a poller may be registered on an
 * object it holds no reference to, such as a socket's peer).
 */
void waitq_release(struct waitq *wq);
void waitq_wake_all(struct waitq *wq);
/* Wakes up to n waiters; returns how many. */
int waitq_wake_n(struct waitq *wq, int n);

/* A host fd a sleeper also watches (stdin, a host tty). */
struct host_watch {
	int fd;
	short events;
};
/*
 * Sleeps until woken, a signal interrupts (if interruptible), or deadline
 * (host monotonic ns; -1 for none). Returns 0 when woken (or a watched host
 * fd is ready), -EINTR, or -ETIMEDOUT. Preconditions: kernel_lock held; it is
 * dropped while sleeping.
 */
int task_sleep(struct task *t, int64_t deadline, const struct host_watch *w, int nw, bool interruptible);
/* Makes t's current or next task_sleep return 0. Preconditions: kernel_lock held. */
void task_wake(struct task *t);

/* Clocks (ns). Guest MONOTONIC and BOOTTIME start near 0 when ukern starts. */
int64_t clock_monotonic_ns(void);
int64_t clock_realtime_ns(void);
/* Sets the guest's CLOCK_REALTIME (the host's clock is left alone). */
void clock_set_realtime(int64_t ns);
int64_t clock_boot_ns(void);
/* Guest "now" on a clock timers use (timerfd, POSIX timers): REALTIME[_ALARM] or monotonic. */
int64_t clock_timer_now(int clock);
/* Converts a guest-monotonic deadline to a host-monotonic one for task_sleep. */
int64_t clock_mono_to_host(int64_t guest_mono_ns);
int64_t clock_host_now(void);

/*
 * Guest-supplied times in ns, saturating at INT64_MAX (and INT64_MIN) as Linux's
 * ktime_t does, so that no guest value overflows ukern's arithmetic.
 * sub_ns is the validated sub-second part (0 <= sub_ns < 1e9).
 */
static inline int64_t ns_sat(int64_t sec, int64_t sub_ns)
{
	if (sec > (INT64_MAX - sub_ns) / 1000000000)
		return INT64_MAX;
	if (sec < INT64_MIN / 1000000000)
		return INT64_MIN;
	return sec * 1000000000 + sub_ns;
}

static inline int64_t add_sat(int64_t a, int64_t b)
{
	int64_t r;

	if (__builtin_add_overflow(a, b, &r))
		return b > 0 ? INT64_MAX : INT64_MIN;
	return r;
}

/* Timers fire fn(arg) on the timer thread, with kernel_lock held. */
struct ktimer {
	struct list_head link;
	int64_t deadline; /* host monotonic ns; 0 = not armed */
	void (*fn)(struct ktimer *);
	void *arg;
};
void timer_arm(struct ktimer *kt, int64_t deadline);
void timer_cancel(struct ktimer *kt);
/* ns until kt fires: 0 when not armed, at least 1 when armed (also if due now). */
int64_t timer_left(const struct ktimer *kt);
void timer_start_thread(void);

/* Identity of this "machine". */
extern char uts_hostname[65];
extern char uts_domainname[65];
/* Which guest this is, for host ps: --name, or ukern's host pid. */
extern char kernel_guest_name[32];
#define UKERN_RELEASE "6.1.0-ukern"
#define UKERN_VERSION_STR "#1 SMP PREEMPT_DYNAMIC ukern"

#endif
