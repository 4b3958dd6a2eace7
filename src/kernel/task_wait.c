/* SPDX-License-Identifier: MIT */
/* wait4(2) and waitid(2): reaping zombies, reporting stops and continues. */
#include <string.h>
#include "abi/errno.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/kstd.h"

static bool matches(struct thread_group *c, int idtype, int id, int options)
{
	bool clone_child = c->exit_signal != LINUX_SIGCHLD;

	if (!(options & LINUX_WALL) && clone_child != !!(options & LINUX_WCLONE))
		return false;
	switch (idtype) {
	case LINUX_P_ALL:
		return true;
	case LINUX_P_PID:
		return c->tgid == id;
	case LINUX_P_PGID:
		return c->pgid == id;
	}
	return false;
}

static void fill_rusage(struct linux_rusage *ru, int64_t ns, int64_t maxrss_kb)
{
	if (!ru)
		return;
	memset(ru, 0, sizeof(*ru));
	ru->ru_utime.tv_sec = ns / 1000000000;
	ru->ru_utime.tv_usec = (ns % 1000000000) / 1000;
	ru->ru_maxrss = maxrss_kb;
}

long task_wait(struct task *t, int idtype, int id, int options, int *status, struct linux_siginfo *info,
	       struct linux_rusage *ru)
{
	struct thread_group *tg = t->tg;

	for (;;) {
		struct thread_group *c, *n;
		bool any = false;
		struct waiter w;
		int r;

		list_for_each_entry_safe(c, n, &tg->children, sibling) {
			int st = c->exit_status, pid = c->tgid;

			if (!matches(c, idtype, id, options))
				continue;
			any = true;
			if (c->state == TG_ZOMBIE && (options & LINUX_WEXITED)) {
				int64_t ns = c->dead_threads_ns + c->children_ns;

				*status = st;
				if (info) {
					memset(info, 0, sizeof(*info));
					info->si_signo = LINUX_SIGCHLD;
					info->u.chld.pid = pid;
					info->u.chld.uid = c->cred.uid;
					if (st & 0x7f) {
						info->si_code = (st & 0x80) ? LINUX_CLD_DUMPED : LINUX_CLD_KILLED;
						info->u.chld.status = st & 0x7f;
					} else {
						info->si_code = LINUX_CLD_EXITED;
						info->u.chld.status = (st >> 8) & 0xff;
					}
				}
				fill_rusage(ru, ns, MAX(c->maxrss_kb, c->children_maxrss_kb));
				if (!(options & LINUX_WNOWAIT)) {
					tg->children_ns += ns;
					tg->children_maxrss_kb = MAX(tg->children_maxrss_kb,
								     MAX(c->maxrss_kb, c->children_maxrss_kb));
					list_del(&c->sibling);
					c->state = TG_DEAD;
					pid_free(c->tgid);
					tg_put(c);
				}
				return pid;
			}
			if (c->state == TG_ALIVE && c->stopped && c->report_stop && (options & LINUX_WUNTRACED)) {
				*status = (c->stop_sig << 8) | 0x7f;
				if (info) {
					memset(info, 0, sizeof(*info));
					info->si_signo = LINUX_SIGCHLD;
					info->si_code = LINUX_CLD_STOPPED;
					info->u.chld.pid = pid;
					info->u.chld.status = c->stop_sig;
				}
				fill_rusage(ru, tg_cpu_ns(c), c->maxrss_kb);
				if (!(options & LINUX_WNOWAIT))
					c->report_stop = false;
				return pid;
			}
			if (c->state == TG_ALIVE && c->report_cont && (options & LINUX_WCONTINUED)) {
				*status = 0xffff;
				if (info) {
					memset(info, 0, sizeof(*info));
					info->si_signo = LINUX_SIGCHLD;
					info->si_code = LINUX_CLD_CONTINUED;
					info->u.chld.pid = pid;
					info->u.chld.status = LINUX_SIGCONT;
				}
				fill_rusage(ru, tg_cpu_ns(c), c->maxrss_kb);
				if (!(options & LINUX_WNOWAIT))
					c->report_cont = false;
				return pid;
			}
		}
		if (!any)
			return -ECHILD;
		if (options & LINUX_WNOHANG)
			return 0;
		waitq_add(&tg->child_wait, &w, t);
		r = task_sleep(t, -1, NULL, 0, true);
		waitq_del(&w);
		if (r == -EINTR)
			return -ERESTARTSYS;
	}
}
