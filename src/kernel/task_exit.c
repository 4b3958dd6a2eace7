/* SPDX-License-Identifier: MIT */
/* Thread and process exit, group exit, reparenting, zombies. */
#include <string.h>
#include "abi/errno.h"
#include "fs/tty/tty.h"
#include "fs/vfs/vfs.h"
#include "host/host.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/kstd.h"
#include "lib/log.h"
#include "mm/mm.h"
#include "platform/platform.h"

void task_exit(struct task *t, int status)
{
	t->state = TASK_EXITING;
	if (!t->tg->group_exit)
		t->tg->exit_status = (status & 0xff) << 8;
}

void tg_group_exit(struct thread_group *tg, int status)
{
	struct task *t;

	if (tg->group_exit)
		return;
	tg->group_exit = true;
	tg->exit_status = status;
	tg->stopped = false;
	list_for_each_entry(t, &tg->threads, tg_link)
		signal_wake(t);
}

void task_vfork_release(struct task *t)
{
	struct task *p;

	if (!t->vfork_parent_tid)
		return;
	p = task_by_tid(t->vfork_parent_tid);
	if (p && p->vfork_child_tid == t->tid) {
		p->vfork_done = true;
		waitq_wake_all(&p->tg->vfork_wait);
	}
	t->vfork_parent_tid = 0;
}

static struct thread_group *find_reaper(struct thread_group *tg)
{
	struct thread_group *p;

	for (p = tg->parent; p; p = p->parent)
		if (p->subreaper && p->state == TG_ALIVE)
			return p;
	return tg_by_tgid(1);
}

static void notify_parent_exit(struct thread_group *tg)
{
	struct thread_group *p = tg->parent;
	const struct linux_sigaction *ka;
	struct linux_siginfo info;
	int st = tg->exit_status;

	if (!p) {
		tg->state = TG_ZOMBIE;
		return;
	}
	ka = &p->sighand->action[LINUX_SIGCHLD - 1];
	if (tg->exit_signal == LINUX_SIGCHLD &&
	    (ka->handler == LINUX_SIG_IGN || (ka->flags & LINUX_SA_NOCLDWAIT))) {
		/* Auto-reap (POSIX: SIGCHLD ignored, or SA_NOCLDWAIT; the latter still signals). */
		if (ka->handler != LINUX_SIG_IGN && ka->handler != LINUX_SIG_DFL) {
			memset(&info, 0, sizeof(info));
			info.si_signo = LINUX_SIGCHLD;
			info.si_code = (st & 0x7f) ? LINUX_CLD_KILLED : LINUX_CLD_EXITED;
			info.u.chld.status = (st & 0x7f) ? st & 0x7f : (st >> 8) & 0xff;
			info.u.chld.pid = tg->tgid;
			info.u.chld.uid = tg->cred.uid;
			signal_send_tg(p, LINUX_SIGCHLD, &info);
		}
		tg->state = TG_DEAD;
		list_del(&tg->sibling);
		pid_free(tg->tgid);
		waitq_wake_all(&p->child_wait);
		tg_put(tg);
		return;
	}
	tg->state = TG_ZOMBIE;
	if (tg->exit_signal) {
		memset(&info, 0, sizeof(info));
		info.si_signo = tg->exit_signal;
		if (st & 0x7f) {
			info.si_code = (st & 0x80) ? LINUX_CLD_DUMPED : LINUX_CLD_KILLED;
			info.u.chld.status = st & 0x7f;
		} else {
			info.si_code = LINUX_CLD_EXITED;
			info.u.chld.status = (st >> 8) & 0xff;
		}
		info.u.chld.pid = tg->tgid;
		info.u.chld.uid = tg->cred.uid;
		info.u.chld.utime = tg->dead_threads_ns / 10000000;
		signal_send_tg(p, tg->exit_signal, &info);
	}
	waitq_wake_all(&p->child_wait);
}

static void process_exit(struct thread_group *tg)
{
	struct thread_group *c, *n, *reaper;

	waitq_wake_all(&tg->exit_wait);
	timer_cancel(&tg->itimer_real);
	timer_cancel(&tg->itimer_cpu_poll);
	ptimer_release_all(tg);
	reaper = tg->tgid == 1 ? NULL : find_reaper(tg);
	tty_process_exit(tg, reaper);
	list_for_each_entry_safe(c, n, &tg->children, sibling) {
		struct task *ct;

		list_del(&c->sibling);
		list_for_each_entry(ct, &c->threads, tg_link) {
			if (ct->pdeathsig) {
				struct linux_siginfo info;

				signal_info_user(&info, ct->pdeathsig, LINUX_SI_USER);
				signal_send_task(ct, ct->pdeathsig, &info);
			}
		}
		if (!reaper) {
			/* init is gone: everything in its pid namespace dies. */
			c->parent = NULL;
			if (c->state == TG_ZOMBIE) {
				c->state = TG_DEAD;
				pid_free(c->tgid);
				tg_put(c);
			} else {
				tg_group_exit(c, LINUX_SIGKILL);
			}
			continue;
		}
		c->parent = reaper;
		list_add_tail(&c->sibling, &reaper->children);
		if (c->state == TG_ZOMBIE) {
			waitq_wake_all(&reaper->child_wait);
			if (c->exit_signal)
				signal_send_tg(reaper, c->exit_signal, NULL);
		}
	}
	if (tg->tgid == 1) {
		struct thread_group *o;

		list_for_each_entry(o, &all_thread_groups, all_link)
			if (o != tg && o->state == TG_ALIVE)
				tg_group_exit(o, LINUX_SIGKILL);
		tg->state = TG_ZOMBIE;
		task_init_exited(tg->exit_status);
		return;
	}
	notify_parent_exit(tg);
}

void task_do_exit(struct task *t)
{
	struct thread_group *tg = t->tg;
	struct platform_ctx *ctx = t->ctx;
	struct mm *mm = t->mm;

	t->state = TASK_EXITING;
	if (mm && ctx)
		futex_exit(t);
	task_vfork_release(t);
	t->cpu_ns_at_exit = task_cpu_ns(t);
	/* The host keeps the peak per address space: its last thread reads it (getrusage reads it live). */
	if (ctx && tg->nr_threads == 1) {
		long kb = host_peak_rss_kb(platform_as_host_pid(platform_ctx_as(ctx)));

		if (kb > tg->maxrss_kb)
			tg->maxrss_kb = kb;
	}
	if (t->files) {
		fdtable_put(t->files);
		t->files = NULL;
	}
	if (t->fs) {
		fs_info_put(t->fs);
		t->fs = NULL;
	}
	list_del(&t->tg_link);
	tg->nr_threads--;
	tg->dead_threads_ns += t->cpu_ns_at_exit;
	pid_unregister_task(t);
	if (t->tid != tg->tgid)
		pid_free(t->tid);
	t->ctx = NULL;
	t->mm = NULL;
	t->state = TASK_DEAD;
	if (tg->nr_threads == 0)
		process_exit(tg);
	/* Host-side teardown may wait for the host kernel: not under the lock. */
	if (ctx) {
		/* The address space ends with its last context (it may be shared by a vfork child). */
		kernel_unlock();
		platform_ctx_release(ctx);
		kernel_lock();
	}
	if (mm)
		mm_put(mm);
	task_free(t);
}
