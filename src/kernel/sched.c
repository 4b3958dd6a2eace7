/* SPDX-License-Identifier: MIT */
/*
 * The big kernel lock, wait queues, and how a task sleeps: it drops the lock
 * and polls its wake eventfd (plus any host fds it watches), so any other
 * task, the timer thread or a signal can wake it.
 */
#include "abi/errno.h"
#include "host/host.h"
#include "kernel/kernel.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/kstd.h"
#include "platform/platform.h"

static struct host_mutex *big_lock;
__thread struct task *current;

void kernel_init(void)
{
	big_lock = host_mutex_new();
}

void kernel_lock(void)
{
	host_mutex_lock(big_lock);
}

void kernel_unlock(void)
{
	host_mutex_unlock(big_lock);
}

void waitq_init(struct waitq *wq)
{
	list_init(&wq->waiters);
}

void waitq_add(struct waitq *wq, struct waiter *w, struct task *t)
{
	w->task = t;
	w->wq = wq;
	list_add_tail(&w->link, &wq->waiters);
}

void waitq_del(struct waiter *w)
{
	if (w->wq) {
		list_del(&w->link);
		w->wq = NULL;
	}
}

void waitq_release(struct waitq *wq)
{
	struct waiter *w, *n;

	list_for_each_entry_safe(w, n, &wq->waiters, link) {
		task_wake(w->task);
		list_del(&w->link);
		w->wq = NULL;
	}
}

void waitq_wake_all(struct waitq *wq)
{
	struct waiter *w;

	wq->seq++;
	list_for_each_entry(w, &wq->waiters, link)
		task_wake(w->task);
}

int waitq_wake_n(struct waitq *wq, int n)
{
	struct waiter *w;
	int done = 0;

	wq->seq++;
	list_for_each_entry(w, &wq->waiters, link) {
		if (done >= n)
			break;
		task_wake(w->task);
		done++;
	}
	return done;
}

void task_wake(struct task *t)
{
	t->woken = true;
	if (t->sleeping)
		host_eventfd_signal(t->wakefd);
}

int task_sleep(struct task *t, int64_t deadline, const struct host_watch *w, int nw, bool interruptible)
{
	struct linux_pollfd fds[65];
	int64_t timeout;
	int i, n, r;

	if (t->woken) {
		t->woken = false;
		return 0;
	}
	if (interruptible && signal_pending(t))
		return -EINTR;
	if (t->state != TASK_RUNNING)
		return -EINTR;
	if (nw > 64)
		nw = 64;
	fds[0].fd = t->wakefd;
	fds[0].events = LINUX_POLLIN;
	for (i = 0; i < nw; i++) {
		fds[i + 1].fd = w[i].fd;
		fds[i + 1].events = w[i].events;
	}
	n = nw + 1;
	if (deadline >= 0) {
		timeout = deadline - host_monotonic_ns();
		if (timeout <= 0)
			return -ETIMEDOUT;
	} else {
		timeout = -1;
	}
	t->sleeping = true;
	kernel_unlock();
	platform_load(-1);
	r = host_poll(fds, (unsigned)n, timeout);
	platform_load(1);
	kernel_lock();
	t->sleeping = false;
	if (fds[0].revents)
		host_eventfd_drain(t->wakefd);
	if (t->woken) {
		t->woken = false;
		return 0;
	}
	if (r > 0 && r - (fds[0].revents ? 1 : 0) > 0)
		return 0;
	if (interruptible && signal_pending(t))
		return -EINTR;
	if (t->state != TASK_RUNNING)
		return -EINTR;
	if (deadline >= 0 && host_monotonic_ns() >= deadline)
		return -ETIMEDOUT;
	return 0; /* a spurious wakeup: callers re-check their condition */
}
