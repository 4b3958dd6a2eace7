/* SPDX-License-Identifier: MIT */
/* Resource limits, usage, priorities and CPU affinity. */
#include <string.h>
#include "abi/errno.h"
#include "host/host.h"
#include "lib/kstd.h"
#include "kernel/task.h"
#include "mm/uaccess.h"
#include "platform/platform.h"
#include "syscalls/syscalls.h"

static long do_prlimit(struct task *t, int pid, unsigned res, uaddr_t unew, uaddr_t uold)
{
	struct thread_group *tg = pid ? tg_by_tgid(pid) : t->tg;
	struct linux_rlimit nl;

	if (res >= LINUX_RLIM_NLIMITS)
		return -EINVAL;
	if (!tg)
		return -ESRCH;
	if (unew) {
		if (copy_from_user(t->mm, &nl, unew, sizeof(nl)))
			return -EFAULT;
		if (nl.cur > nl.max)
			return -EINVAL;
		if (nl.max > tg->rlim[res].max && t->tg->cred.euid != 0)
			return -EPERM;
		if (res == LINUX_RLIMIT_NOFILE && nl.max > 1048576)
			return -EPERM;
	}
	if (uold && copy_to_user(t->mm, uold, &tg->rlim[res], sizeof(nl)))
		return -EFAULT;
	if (unew)
		tg->rlim[res] = nl;
	return 0;
}

/* getrlimit(2). */
long sys_getrlimit(struct task *t, const struct syscall_args *a)
{
	return do_prlimit(t, 0, (unsigned)a->a[0], 0, a->a[1]);
}

/* setrlimit(2). */
long sys_setrlimit(struct task *t, const struct syscall_args *a)
{
	return do_prlimit(t, 0, (unsigned)a->a[0], a->a[1], 0);
}

/* prlimit64(2). */
long sys_prlimit64(struct task *t, const struct syscall_args *a)
{
	return do_prlimit(t, ARG_INT(0), (unsigned)a->a[1], a->a[2], a->a[3]);
}

static void tv_of(struct linux_timeval *tv, int64_t ns)
{
	tv->tv_sec = ns / 1000000000;
	tv->tv_usec = ns % 1000000000 / 1000;
}


/* getrusage(2). User time only; no fault or I/O counts. */
long sys_getrusage(struct task *t, const struct syscall_args *a)
{
	struct linux_rusage ru;
	int who = ARG_INT(0);
	int64_t ns;

	memset(&ru, 0, sizeof(ru));
	switch (who) {
	case LINUX_RUSAGE_SELF: ns = tg_cpu_ns(t->tg); break;
	case LINUX_RUSAGE_CHILDREN: ns = t->tg->children_ns; break;
	case LINUX_RUSAGE_THREAD: ns = task_cpu_ns(t); break;
	default: return -EINVAL;
	}
	tv_of(&ru.ru_utime, ns);
	if (who == LINUX_RUSAGE_CHILDREN) {
		ru.ru_maxrss = t->tg->children_maxrss_kb;
	} else {
		long kb = host_peak_rss_kb(platform_as_host_pid(platform_ctx_as(t->ctx)));

		ru.ru_maxrss = MAX(kb, t->tg->maxrss_kb);
	}
	return copy_to_user(t->mm, a->a[1], &ru, sizeof(ru));
}

/* times(2). */
long sys_times(struct task *t, const struct syscall_args *a)
{
	struct linux_tms tms = { tg_cpu_ns(t->tg) / 10000000, 0, t->tg->children_ns / 10000000, 0 };

	if (a->a[0] && copy_to_user(t->mm, a->a[0], &tms, sizeof(tms)))
		return -EFAULT;
	return (long)(clock_boot_ns() / 10000000);
}

/* The process a PRIO_PROCESS `who` names (0: the caller). Groups and users use the caller's. */
static struct thread_group *prio_target(struct task *t, int which, int who)
{
	struct task *o;

	if (which != 0 || !who)
		return t->tg;
	o = task_by_tid(who);
	return o ? o->tg : tg_by_tgid(who);
}

/* getpriority(2): the nice value (stored, without scheduling effect), returned as 20 - nice. */
long sys_getpriority(struct task *t, const struct syscall_args *a)
{
	struct thread_group *tg;

	if (ARG_INT(0) < 0 || ARG_INT(0) > 2)
		return -EINVAL;
	tg = prio_target(t, ARG_INT(0), ARG_INT(1));
	if (!tg)
		return -ESRCH;
	return 20 - tg->nice;
}

/* setpriority(2): the value is kept and reported, without scheduling effect. */
long sys_setpriority(struct task *t, const struct syscall_args *a)
{
	struct thread_group *tg;
	int nice = ARG_INT(2);

	if (ARG_INT(0) < 0 || ARG_INT(0) > 2)
		return -EINVAL;
	tg = prio_target(t, ARG_INT(0), ARG_INT(1));
	if (!tg)
		return -ESRCH;
	nice = nice < -20 ? -20 : nice > 19 ? 19 : nice;
	if (nice < tg->nice && t->tg->cred.euid != 0)
		return -EACCES;
	tg->nice = nice;
	return 0;
}


