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

static struct task *sched_target(struct task *t, int pid)
{
	return pid ? task_by_tid(pid) : t;
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

/* sched_rr_get_interval(2): the CFS slice Linux reports for SCHED_OTHER tasks. */
long sys_sched_rr_get_interval(struct task *t, const struct syscall_args *a)
{
	struct linux_timespec ts = { 0, 4000000 };

	if (ARG_INT(0) < 0)
		return -EINVAL;
	if (!sched_target(t, ARG_INT(0)))
		return -ESRCH;
	return copy_to_user(t->mm, a->a[1], &ts, sizeof(ts));
}

/* sched_yield(2). */
long sys_sched_yield(struct task *t, const struct syscall_args *a)
{
	(void)t;
	(void)a;
	return 0;
}


/* sched_getaffinity(2): every host CPU. */
long sys_sched_getaffinity(struct task *t, const struct syscall_args *a)
{
	uint64_t mask[16] = { 0 };
	size_t len = a->a[1], need;
	int n = host_ncpus(), i;

	if (!sched_target(t, ARG_INT(0)))
		return -ESRCH;
	if (len & 7)
		return -EINVAL;
	need = ((size_t)n + 63) / 64 * 8;
	if (len < need)
		return -EINVAL;
	for (i = 0; i < n && i < 64; i++)
		if (sched_target(t, ARG_INT(0))->cpumask & (1ULL << i))
			mask[i / 64] |= 1ULL << (i % 64);
	len = MIN(len, sizeof(mask));
	if (copy_to_user(t->mm, a->a[2], mask, len))
		return -EFAULT;
	return (long)len;
}

/* sched_setaffinity(2): accepted, not applied. */
long sys_sched_setaffinity(struct task *t, const struct syscall_args *a)
{
	struct task *target = sched_target(t, ARG_INT(0));
	uint64_t m = 0, all = (1ULL << host_ncpus()) - 1;

	if (!target)
		return -ESRCH;
	if (copy_from_user(t->mm, &m, a->a[2], MIN(a->a[1], (uint64_t)8)))
		return -EFAULT;
	if (!(m & all))
		return -EINVAL;
	target->cpumask = m & all;
	return 0;
}

/* getcpu(2). */
long sys_getcpu(struct task *t, const struct syscall_args *a)
{
	uint32_t zero = 0;

	if (a->a[0] && copy_to_user(t->mm, a->a[0], &zero, 4))
		return -EFAULT;
	if (a->a[1] && copy_to_user(t->mm, a->a[1], &zero, 4))
		return -EFAULT;
	return 0;
}

/* sched_getscheduler(2): SCHED_OTHER. */
long sys_sched_getscheduler(struct task *t, const struct syscall_args *a)
{
	if (ARG_INT(0) < 0)
		return -EINVAL;
	return sched_target(t, ARG_INT(0)) ? 0 : -ESRCH;
}

/* sched_getparam(2). */
long sys_sched_getparam(struct task *t, const struct syscall_args *a)
{
	int32_t prio = 0;

	if (ARG_INT(0) < 0 || !a->a[1])
		return -EINVAL;
	if (!sched_target(t, ARG_INT(0)))
		return -ESRCH;
	return copy_to_user(t->mm, a->a[1], &prio, 4);
}

/* sched_get_priority_max(2). */
long sys_sched_get_priority_max(struct task *t, const struct syscall_args *a)
{
	(void)t;
	switch (ARG_INT(0)) {
	case 1: case 2: return 99;
	case 0: case 3: case 5: case 6: return 0;
	}
	return -EINVAL;
}

/* sched_get_priority_min(2). */
long sys_sched_get_priority_min(struct task *t, const struct syscall_args *a)
{
	(void)t;
	switch (ARG_INT(0)) {
	case 1: case 2: return 1;
	case 0: case 3: case 5: case 6: return 0;
	}
	return -EINVAL;
}
