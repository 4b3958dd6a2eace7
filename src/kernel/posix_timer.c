/* SPDX-License-Identifier: MIT */
/*
 * POSIX per-process timers (timer_create(2) and friends; Linux
 * kernel/time/posix-timers.c). Each timer is a kernel timer on the host
 * monotonic clock. An expiry queues a SI_TIMER signal unless the one queued
 * before is still pending, in which case that one's si_overrun grows instead,
 * as in Linux. Timers belong to the thread group: not inherited by fork,
 * deleted by exec and exit.
 */
#include <string.h>
#include "abi/errno.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/kstd.h"

struct posix_timer {
	struct list_head link; /* thread_group.posix_timers, by id */
	struct thread_group *tg;
	int id;
	int clock;
	struct ptimer_event ev;
	struct ktimer kt;
	int64_t due;	       /* host ns of the expiry kt is armed for */
	int64_t interval;
	int overrun_queued;    /* si_overrun of the signal queued last */
	int overrun_delivered; /* of the one before it (delivered by now) */
};

#define OVERRUN_MAX 0x7fffffff /* DELAYTIMER_MAX */

static struct posix_timer *find(struct thread_group *tg, int id)
{
	struct posix_timer *pt;

	list_for_each_entry(pt, &tg->posix_timers, link)
		if (pt->id == id)
			return pt;
	return NULL;
}

/* The signal this timer queued and that is still pending, if any. */
static struct sigqueue *queued(struct posix_timer *pt)
{
	struct sigpending *p = &pt->tg->shared_pending;
	struct sigqueue *q;

	if (pt->ev.notify == PTIMER_THREAD_ID) {
		struct task *t = task_by_tid(pt->ev.tid);

		if (!t || t->tg != pt->tg)
			return NULL;
		p = &t->pending;
	}
	list_for_each_entry(q, &p->queue, link)
		if (q->info.si_code == LINUX_SI_TIMER && q->info.u.timer.tid == pt->id &&
		    q->info.si_signo == pt->ev.signo)
			return q;
	return NULL;
}

static int add_overrun(int a, int64_t b)
{
	return b >= OVERRUN_MAX - a ? OVERRUN_MAX : a + (int)b;
}

static void notify(struct posix_timer *pt, int64_t missed)
{
	struct linux_siginfo info;
	struct sigqueue *q;
	struct task *t;

	if (pt->ev.notify == PTIMER_NONE || pt->tg->state != TG_ALIVE)
		return;
	q = queued(pt);
	if (q) {
		q->info.u.timer.overrun = add_overrun(q->info.u.timer.overrun, 1 + missed);
		pt->overrun_queued = q->info.u.timer.overrun;
		return;
	}
	memset(&info, 0, sizeof(info));
	info.si_signo = pt->ev.signo;
	info.si_code = LINUX_SI_TIMER;
	info.u.timer.tid = pt->id;
	info.u.timer.overrun = add_overrun(0, missed);
	info.u.timer.value = pt->ev.value;
	pt->overrun_delivered = pt->overrun_queued;
	pt->overrun_queued = info.u.timer.overrun;
	if (pt->ev.notify == PTIMER_THREAD_ID) {
		t = task_by_tid(pt->ev.tid);
		if (t && t->tg == pt->tg)
			signal_send_task(t, pt->ev.signo, &info);
	} else {
		signal_send_tg(pt->tg, pt->ev.signo, &info);
	}
}

static void fire(struct ktimer *kt)
{
	struct posix_timer *pt = kt->arg;
	int64_t now = clock_host_now(), next, missed = 0;

	if (pt->interval) {
		/* Expiries the timer thread was too late for count as overruns. */
		next = add_sat(pt->due, pt->interval);
		if (next <= now) {
			missed = (now - next) / pt->interval + 1;
			next += missed * pt->interval;
		}
		pt->due = next;
		timer_arm(kt, next);
	}
	notify(pt, missed);
}

long ptimer_create(struct task *t, int clock, const struct ptimer_event *ev)
{
	struct thread_group *tg = t->tg;
	struct posix_timer *pt, *it;
	int id = 0;

	switch (clock) {
	case LINUX_CLOCK_REALTIME:
	case LINUX_CLOCK_MONOTONIC:
	case LINUX_CLOCK_BOOTTIME:
	case LINUX_CLOCK_REALTIME_ALARM:
	case LINUX_CLOCK_BOOTTIME_ALARM:
		break;
	case LINUX_CLOCK_MONOTONIC_RAW:
	case LINUX_CLOCK_REALTIME_COARSE:
	case LINUX_CLOCK_MONOTONIC_COARSE:
		return -EOPNOTSUPP; /* clocks Linux has no timers for */
	default:
		return -EINVAL;
	}
	if (ev) {
		if (ev->notify != PTIMER_NONE && (ev->signo <= 0 || ev->signo > LINUX_NSIG))
			return -EINVAL;
		if (ev->notify == PTIMER_THREAD_ID) {
			struct task *target = task_by_tid(ev->tid);

			if (!target || target->tg != tg)
				return -EINVAL;
		} else if (ev->notify != PTIMER_SIGNAL && ev->notify != PTIMER_NONE) {
			return -EINVAL;
		}
	}
	/* The lowest free id (the list is kept sorted by id). */
	list_for_each_entry(it, &tg->posix_timers, link) {
		if (it->id != id)
			break;
		if (id == 0x7fffffff)
			return -EAGAIN;
		id++;
	}
	pt = kzalloc(sizeof(*pt));
	pt->tg = tg;
	pt->id = id;
	pt->clock = clock;
	if (ev) {
		pt->ev = *ev;
	} else {
		pt->ev.notify = PTIMER_SIGNAL;
		pt->ev.signo = LINUX_SIGALRM;
		pt->ev.value = (uint64_t)id;
	}
	pt->kt.fn = fire;
	pt->kt.arg = pt;
	/* Before "it", or at the end when the loop ran off the list. */
	list_add_tail(&pt->link, &it->link);
	return id;
}

static void get(struct posix_timer *pt, int64_t *value, int64_t *interval)
{
	*interval = pt->interval;
	*value = timer_left(&pt->kt);
}

long ptimer_gettime(struct task *t, int id, int64_t *value, int64_t *interval)
{
	struct posix_timer *pt = find(t->tg, id);

	if (!pt)
		return -EINVAL;
	get(pt, value, interval);
	return 0;
}

long ptimer_settime(struct task *t, int id, bool absolute, int64_t value, int64_t interval, int64_t *old_value,
		    int64_t *old_interval)
{
	struct posix_timer *pt = find(t->tg, id);

	if (!pt)
		return -EINVAL;
	get(pt, old_value, old_interval);
	timer_cancel(&pt->kt);
	pt->interval = value ? interval : 0;
	if (!value)
		return 0;
	if (absolute)
		value -= clock_timer_now(pt->clock);
	pt->due = add_sat(clock_host_now(), value > 0 ? value : 0);
	timer_arm(&pt->kt, pt->due);
	return 0;
}

long ptimer_getoverrun(struct task *t, int id)
{
	struct posix_timer *pt = find(t->tg, id);

	if (!pt)
		return -EINVAL;
	/* The count of the last signal delivered: the queued one's once it is gone. */
	return queued(pt) ? pt->overrun_delivered : pt->overrun_queued;
}

static void destroy(struct posix_timer *pt)
{
	timer_cancel(&pt->kt);
	list_del(&pt->link);
	kfree(pt);
}

long ptimer_delete(struct task *t, int id)
{
	struct posix_timer *pt = find(t->tg, id);

	if (!pt)
		return -EINVAL;
	destroy(pt);
	return 0;
}

void ptimer_release_all(struct thread_group *tg)
{
	struct posix_timer *pt, *n;

	list_for_each_entry_safe(pt, n, &tg->posix_timers, link)
		destroy(pt);
}
