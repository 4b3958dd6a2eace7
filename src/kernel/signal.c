/* SPDX-License-Identifier: MIT */
/*
 * Sending, queueing and dequeuing guest signals; default actions; group
 * stop and continue; syscall restart on delivery. The frame layout itself is
 * in signal_frame_x86_64.c.
 */
#include <string.h>
#include "abi/errno.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/kstd.h"
#include "platform/platform.h"

/* signal_frame_x86_64.c */
int signal_setup_frame(struct task *t, int sig, const struct linux_siginfo *info,
		       const struct linux_sigaction *ka, linux_sigset_t mask);

#define SYNC_MASK (SIGBIT(LINUX_SIGSEGV) | SIGBIT(LINUX_SIGBUS) | SIGBIT(LINUX_SIGILL) | \
		   SIGBIT(LINUX_SIGTRAP) | SIGBIT(LINUX_SIGFPE) | SIGBIT(LINUX_SIGSYS))
#define DEFAULT_IGNORE (SIGBIT(LINUX_SIGCHLD) | SIGBIT(LINUX_SIGCONT) | SIGBIT(LINUX_SIGURG) | \
			SIGBIT(LINUX_SIGWINCH))

static bool is_ignored(struct thread_group *tg, int sig, bool forced)
{
	const struct linux_sigaction *ka = &tg->sighand->action[sig - 1];

	if (ka->handler == LINUX_SIG_IGN)
		return true;
	if (ka->handler != LINUX_SIG_DFL)
		return false;
	if (DEFAULT_IGNORE & SIGBIT(sig))
		return true;
	/* The pid namespace's init ignores default-fatal signals from inside (SIGNAL_UNKILLABLE). */
	return tg->tgid == 1 && !forced;
}

void signal_info_user(struct linux_siginfo *info, int sig, int code)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = code;
	if (current) {
		info->u.kill.pid = current->tg->tgid;
		info->u.kill.uid = current->tg->cred.uid;
	}
}

/* While t's guest code runs its stub may change the mask (platform_served_put): that copy counts. */
linux_sigset_t signal_blocked(struct task *t)
{
	if (t->in_guest)
		task_served_get(t);
	return t->blocked;
}

/* Tells the stubs of the threads that may take sig (to, or all of tg's) that it is pending. */
static void note_pending(struct thread_group *tg, struct task *to, int sig)
{
	struct task *t;

	if (to) {
		if (to->ctx)
			platform_sigpending_add(to->ctx, SIGBIT(sig));
		return;
	}
	list_for_each_entry(t, &tg->threads, tg_link)
		if (t->ctx)
			platform_sigpending_add(t->ctx, SIGBIT(sig));
}

/* Queues sig for thread `to`, or for the whole group (to NULL). */
static void queue_signal(struct thread_group *tg, struct task *to, int sig, const struct linux_siginfo *info)
{
	struct sigpending *p = to ? &to->pending : &tg->shared_pending;
	struct sigqueue *q;

	if (sig < LINUX_SIGRTMIN && (p->set & SIGBIT(sig)))
		return; /* standard signals do not queue twice */
	q = kzalloc(sizeof(*q));
	if (info) {
		q->info = *info;
	} else {
		q->info.si_signo = sig;
		q->info.si_code = LINUX_SI_KERNEL;
	}
	q->info.si_signo = sig;
	p->set |= SIGBIT(sig);
	list_add_tail(&q->link, &p->queue);
	note_pending(tg, to, sig);
	waitq_wake_all(&tg->signalfd_wait);
}

static void flush_signals(struct sigpending *p, linux_sigset_t mask)
{
	struct sigqueue *q, *n;

	list_for_each_entry_safe(q, n, &p->queue, link) {
		if (mask & SIGBIT(q->info.si_signo)) {
			list_del(&q->link);
			kfree(q);
		}
	}
	p->set &= ~mask;
}

void signal_wake(struct task *t)
{
	if (t->state == TASK_DEAD)
		return;
	if (t->in_guest && t->ctx)
		platform_kick(t->ctx);
	else
		task_wake(t);
}

static void wake_all_threads(struct thread_group *tg)
{
	struct task *t;

	list_for_each_entry(t, &tg->threads, tg_link)
		signal_wake(t);
}

void signal_notify_parent_stop(struct thread_group *tg, int why, int sig)
{
	struct thread_group *p = tg->parent;
	struct linux_siginfo info;

	if (!p)
		return;
	waitq_wake_all(&p->child_wait);
	if (p->sighand->action[LINUX_SIGCHLD - 1].flags & LINUX_SA_NOCLDSTOP)
		return;
	memset(&info, 0, sizeof(info));
	info.si_signo = LINUX_SIGCHLD;
	info.si_code = why;
	info.u.chld.pid = tg->tgid;
	info.u.chld.uid = tg->cred.uid;
	info.u.chld.status = sig;
	signal_send_tg(p, LINUX_SIGCHLD, &info);
}

/* Side effects at send time (Linux prepare_signal). Returns false to drop it. */
static bool prepare_signal(struct thread_group *tg, int sig, bool forced)
{
	struct task *t;

	if (tg->group_exit || tg->state != TG_ALIVE)
		return sig == LINUX_SIGKILL ? false : false;
	if (SIG_STOP_MASK & SIGBIT(sig)) {
		flush_signals(&tg->shared_pending, SIGBIT(LINUX_SIGCONT));
		list_for_each_entry(t, &tg->threads, tg_link)
			flush_signals(&t->pending, SIGBIT(LINUX_SIGCONT));
	} else if (sig == LINUX_SIGCONT) {
		flush_signals(&tg->shared_pending, SIG_STOP_MASK);
		list_for_each_entry(t, &tg->threads, tg_link)
			flush_signals(&t->pending, SIG_STOP_MASK);
		if (tg->stopped) {
			tg->stopped = false;
			tg->report_cont = true;
			tg->report_stop = false;
			wake_all_threads(tg);
			signal_notify_parent_stop(tg, LINUX_CLD_CONTINUED, LINUX_SIGCONT);
		}
	}
	if (sig == LINUX_SIGKILL && !(tg->tgid == 1 && !forced))
		return true;
	return !is_ignored(tg, sig, forced) || (sig != LINUX_SIGKILL && 0);
}

/* Blocked signals are queued even when ignored (they may be unblocked with a handler). */
static bool blocked_everywhere(struct thread_group *tg, int sig)
{
	struct task *t;

	list_for_each_entry(t, &tg->threads, tg_link)
		if (!((signal_blocked(t) | t->real_blocked) & SIGBIT(sig)))
			return false;
	return true;
}

int signal_send_tg(struct thread_group *tg, int sig, const struct linux_siginfo *info)
{
	struct task *t;

	if (sig <= 0 || sig > LINUX_NSIG)
		return -EINVAL;
	if (tg->state != TG_ALIVE || tg->group_exit)
		return 0;
	if (!prepare_signal(tg, sig, false) && !blocked_everywhere(tg, sig))
		return 0;
	if (sig == LINUX_SIGKILL) {
		tg_group_exit(tg, LINUX_SIGKILL);
		return 0;
	}
	queue_signal(tg, NULL, sig, info);
	/* Wake a thread that can take it: the current one first, as Linux does. */
	if (current && current->tg == tg && !(current->blocked & SIGBIT(sig)))
		return 0;
	list_for_each_entry(t, &tg->threads, tg_link) {
		if (!(signal_blocked(t) & SIGBIT(sig)) && t->state == TASK_RUNNING) {
			signal_wake(t);
			return 0;
		}
	}
	return 0;
}

int signal_send_task(struct task *t, int sig, const struct linux_siginfo *info)
{
	struct thread_group *tg = t->tg;

	if (sig <= 0 || sig > LINUX_NSIG)
		return -EINVAL;
	if (tg->state != TG_ALIVE || tg->group_exit || t->state != TASK_RUNNING)
		return 0;
	if (!prepare_signal(tg, sig, false) && !((signal_blocked(t) | t->real_blocked) & SIGBIT(sig)))
		return 0;
	if (sig == LINUX_SIGKILL) {
		tg_group_exit(tg, LINUX_SIGKILL);
		return 0;
	}
	queue_signal(t->tg, t, sig, info);
	if (!(signal_blocked(t) & SIGBIT(sig)))
		signal_wake(t);
	return 0;
}

void signal_force(struct task *t, const struct linux_siginfo *info)
{
	int sig = info->si_signo;
	struct linux_sigaction *ka = &t->tg->sighand->action[sig - 1];

	if ((t->blocked & SIGBIT(sig)) || ka->handler == LINUX_SIG_IGN) {
		ka->handler = LINUX_SIG_DFL;
		t->blocked &= ~SIGBIT(sig);
	}
	t->forced_sig = sig;
	if (t->pending.set & SIGBIT(sig))
		flush_signals(&t->pending, SIGBIT(sig));
	queue_signal(t->tg, t, sig, info);
}

linux_sigset_t signal_pending_set(struct task *t)
{
	return t->pending.set | t->tg->shared_pending.set;
}

bool signal_pending(struct task *t)
{
	if (t->tg->group_exit || t->state != TASK_RUNNING)
		return true;
	return (signal_pending_set(t) & ~t->blocked) != 0;
}

static int next_signal(linux_sigset_t set)
{
	linux_sigset_t s = set & SYNC_MASK ? set & SYNC_MASK : set;

	return s ? __builtin_ctzll(s) + 1 : 0;
}

static bool take(struct sigpending *p, int sig, struct linux_siginfo *info)
{
	struct sigqueue *q;
	bool more = false, found = false;

	list_for_each_entry(q, &p->queue, link) {
		if (q->info.si_signo != sig)
			continue;
		if (found) {
			more = true;
			break;
		}
		*info = q->info;
		list_del(&q->link);
		kfree(q);
		found = true;
		/* list_del re-inits q->link; continue from the head is safe as q is freed */
		break;
	}
	if (found) {
		list_for_each_entry(q, &p->queue, link)
			if (q->info.si_signo == sig)
				more = true;
	}
	if (!more)
		p->set &= ~SIGBIT(sig);
	if (!found) {
		memset(info, 0, sizeof(*info));
		info->si_signo = sig;
		info->si_code = LINUX_SI_KERNEL;
	}
	return true;
}

int signal_dequeue(struct task *t, linux_sigset_t set, struct linux_siginfo *info)
{
	int sig = next_signal(t->pending.set & set);

	if (sig) {
		take(&t->pending, sig, info);
		return sig;
	}
	sig = next_signal(t->tg->shared_pending.set & set);
	if (sig) {
		take(&t->tg->shared_pending, sig, info);
		return sig;
	}
	return 0;
}

static void group_stop(struct task *t, int sig)
{
	struct thread_group *tg = t->tg;

	tg->stopped = true;
	tg->stop_sig = sig;
	tg->report_stop = true;
	tg->report_cont = false;
	wake_all_threads(tg);
	signal_notify_parent_stop(tg, LINUX_CLD_STOPPED, sig);
}

static void restart_syscall(struct task *t)
{
	if (t->regs.rax == (uint64_t)-ERESTART_RESTARTBLOCK)
		t->regs.rax = 219; /* restart_syscall */
	else
		t->regs.rax = (uint64_t)t->syscall_nr;
	t->regs.rip -= 2;
}

static bool is_restart(long r)
{
	return r == -ERESTARTSYS || r == -ERESTARTNOINTR || r == -ERESTARTNOHAND || r == -ERESTART_RESTARTBLOCK;
}

void signal_deliver(struct task *t, long *sysret, bool in_syscall)
{
	struct thread_group *tg = t->tg;
	bool delivered = false;

	(void)sysret;
	if (!in_syscall || t->syscall_nr < 0 || !is_restart((long)t->regs.rax))
		in_syscall = false;
	for (;;) {
		struct linux_siginfo info;
		struct linux_sigaction ka;
		linux_sigset_t mask;
		int sig;

		if (t->state != TASK_RUNNING)
			return;
		if (tg->group_exit) {
			t->state = TASK_EXITING;
			return;
		}
		if (tg->stopped) {
			while (tg->stopped && !tg->group_exit && t->state == TASK_RUNNING)
				task_sleep(t, -1, NULL, 0, false);
			continue;
		}
		sig = signal_dequeue(t, ~t->blocked, &info);
		if (!sig)
			break;
		ka = tg->sighand->action[sig - 1];
		if (ka.handler == LINUX_SIG_IGN)
			continue;
		if (ka.handler == LINUX_SIG_DFL) {
			bool forced = t->forced_sig == sig;

			if (DEFAULT_IGNORE & SIGBIT(sig))
				continue;
			if (tg->tgid == 1 && !forced)
				continue;
			if (SIG_STOP_MASK & SIGBIT(sig)) {
				if (sig != LINUX_SIGSTOP && tg_is_orphaned_pgrp(tg->pgid))
					continue;
				group_stop(t, sig);
				continue;
			}
			tg_group_exit(tg, sig);
			t->state = TASK_EXITING;
			return;
		}
		/* A handler: resolve an interrupted syscall first. */
		if (in_syscall) {
			long r = (long)t->regs.rax;

			if (r == -ERESTARTNOINTR || (r == -ERESTARTSYS && (ka.flags & LINUX_SA_RESTART)))
				restart_syscall(t);
			else
				t->regs.rax = (uint64_t)-EINTR;
			in_syscall = false;
		}
		mask = t->restore_mask ? t->saved_mask : t->blocked;
		t->restore_mask = false;
		if (signal_setup_frame(t, sig, &info, &ka, mask) < 0) {
			struct linux_siginfo si;

			memset(&si, 0, sizeof(si));
			si.si_signo = LINUX_SIGSEGV;
			si.si_code = LINUX_SI_KERNEL;
			signal_force(t, &si);
			continue;
		}
		t->forced_sig = 0;
		t->blocked |= ka.mask;
		if (!(ka.flags & LINUX_SA_NODEFER))
			t->blocked |= SIGBIT(sig);
		t->blocked &= ~SIG_UNBLOCKABLE;
		if (ka.flags & LINUX_SA_RESETHAND)
			tg->sighand->action[sig - 1].handler = LINUX_SIG_DFL;
		delivered = true;
	}
	if (in_syscall)
		restart_syscall(t);
	if (t->restore_mask && !delivered) {
		t->blocked = t->saved_mask;
		t->restore_mask = false;
	}
}

void signal_exec_reset(struct task *t)
{
	struct sighand *sh = t->tg->sighand;
	int i;

	if (sh->refs > 1) {
		struct sighand *n = kzalloc(sizeof(*n));

		*n = *sh;
		n->refs = 1;
		sh->refs--;
		t->tg->sighand = sh = n;
	}
	for (i = 0; i < LINUX_NSIG; i++) {
		struct linux_sigaction *ka = &sh->action[i];

		if (ka->handler != LINUX_SIG_IGN && ka->handler != LINUX_SIG_DFL) {
			memset(ka, 0, sizeof(*ka));
		}
	}
	t->altstack.ss_sp = 0;
	t->altstack.ss_size = 0;
	t->altstack.ss_flags = LINUX_SS_DISABLE;
}
