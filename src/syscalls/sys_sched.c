/* SPDX-License-Identifier: MIT */
/*
 * Scheduling and memory-locking calls, capabilities and personality. Policies,
 * priorities and capability sets are kept and reported per process; ukern does
 * not apply them to host threads.
 */
#include <string.h>
#include "abi/errno.h"
#include "host/host.h"
#include "kernel/task.h"
#include "lib/kstd.h"
#include "mm/mm.h"
#include "mm/uaccess.h"
#include "platform/platform.h"
#include "syscalls/syscalls.h"

#define SCHED_OTHER 0
#define SCHED_FIFO 1
#define SCHED_RR 2
#define SCHED_BATCH 3
#define SCHED_IDLE 5
#define SCHED_DEADLINE 6
#define SCHED_RESET_ON_FORK 0x40000000

static struct task *sched_target(struct task *t, int pid)
{
	return pid ? task_by_tid(pid) : t;
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

static long set_policy(struct task *t, int pid, int policy, uaddr_t uparam, bool keep_policy)
{
	struct task *target;
	int32_t prio;

	if (pid < 0 || !uparam)
		return -EINVAL;
	if (copy_from_user(t->mm, &prio, uparam, 4))
		return -EFAULT;
	target = sched_target(t, pid);
	if (!target)
		return -ESRCH;
	if (keep_policy)
		policy = target->tg->sched_policy;
	switch (policy & ~SCHED_RESET_ON_FORK) {
	case SCHED_OTHER: case SCHED_BATCH: case SCHED_IDLE:
		if (prio != 0)
			return -EINVAL;
		break;
	case SCHED_FIFO: case SCHED_RR:
		if (prio < 1 || prio > 99)
			return -EINVAL;
		if (!cred_is_root(&t->tg->cred))
			return -EPERM;
		break;
	default:
		return -EINVAL;
	}
	target->tg->sched_policy = policy;
	target->tg->sched_prio = prio;
	return 0;
}

/* sched_setscheduler(2): kept and reported, not applied. */
long sys_sched_setscheduler(struct task *t, const struct syscall_args *a)
{
	return set_policy(t, ARG_INT(0), ARG_INT(1), a->a[2], false);
}

/* sched_setparam(2). */
long sys_sched_setparam(struct task *t, const struct syscall_args *a)
{
	return set_policy(t, ARG_INT(0), 0, a->a[1], true);
}

/* sched_getscheduler(2). */
long sys_sched_getscheduler(struct task *t, const struct syscall_args *a)
{
	struct task *target;

	if (ARG_INT(0) < 0)
		return -EINVAL;
	target = sched_target(t, ARG_INT(0));
	return target ? target->tg->sched_policy : -ESRCH;
}

/* sched_getparam(2). */
long sys_sched_getparam(struct task *t, const struct syscall_args *a)
{
	struct task *target;
	int32_t prio;

	if (ARG_INT(0) < 0 || !a->a[1])
		return -EINVAL;
	target = sched_target(t, ARG_INT(0));
	if (!target)
		return -ESRCH;
	prio = target->tg->sched_prio;
	return copy_to_user(t->mm, a->a[1], &prio, 4);
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

static long lock_range(struct task *t, uaddr_t addr, uint64_t len)
{
	uaddr_t start = PAGE_DOWN(addr), end = PAGE_ALIGN(addr + len);

	if (end < start)
		return -EINVAL;
	for (; start < end;) {
		struct vma *v = mm_find(t->mm, start);

		if (!v)
			return -ENOMEM;
		start = v->end;
	}
	return 0;
}

/*
 * mlock(2), munlock(2), mlock2(2), mlockall(2), munlockall(2): the range is
 * checked as Linux does; pages are not pinned on the host.
 */
long sys_mlock(struct task *t, const struct syscall_args *a)
{
	return lock_range(t, a->a[0], a->a[1]);
}

long sys_munlock(struct task *t, const struct syscall_args *a)
{
	return lock_range(t, a->a[0], a->a[1]);
}

long sys_mlock2(struct task *t, const struct syscall_args *a)
{
	if (a->a[2] & ~(uint64_t)1) /* MLOCK_ONFAULT */
		return -EINVAL;
	return lock_range(t, a->a[0], a->a[1]);
}

long sys_mlockall(struct task *t, const struct syscall_args *a)
{
	(void)t;
	if (!a->a[0] || (a->a[0] & ~(uint64_t)7)) /* MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT */
		return -EINVAL;
	if (a->a[0] == 4)
		return -EINVAL; /* MCL_ONFAULT alone */
	return 0;
}

long sys_munlockall(struct task *t, const struct syscall_args *a)
{
	(void)t;
	(void)a;
	return 0;
}

#define CAP_V1 0x19980330
#define CAP_V2 0x20071026
#define CAP_V3 0x20080522
#define CAP_ALL 0x1ffffffffffULL /* CAP_LAST_CAP 40 */

struct cap_header {
	uint32_t version;
	int32_t pid;
};

struct cap_data {
	uint32_t effective, permitted, inheritable;
};

static int cap_words(uint32_t version)
{
	return version == CAP_V1 ? 1 : version == CAP_V2 || version == CAP_V3 ? 2 : 0;
}

/* capget(2). */
long sys_capget(struct task *t, const struct syscall_args *a)
{
	struct cap_header h;
	struct cap_data d[2];
	struct task *target;
	struct thread_group *tg;
	int n, i;

	if (copy_from_user(t->mm, &h, a->a[0], sizeof(h)))
		return -EFAULT;
	n = cap_words(h.version);
	if (!n) {
		h.version = CAP_V3;
		if (copy_to_user(t->mm, a->a[0], &h, sizeof(h)))
			return -EFAULT;
		return a->a[1] ? -EINVAL : 0;
	}
	if (!a->a[1])
		return 0;
	if (h.pid < 0)
		return -EINVAL;
	target = sched_target(t, h.pid);
	if (!target)
		return -ESRCH;
	tg = target->tg;
	for (i = 0; i < 2; i++) {
		d[i].effective = (uint32_t)(tg->cap_effective >> (32 * i));
		d[i].permitted = (uint32_t)(tg->cap_permitted >> (32 * i));
		d[i].inheritable = (uint32_t)(tg->cap_inheritable >> (32 * i));
	}
	return copy_to_user(t->mm, a->a[1], d, sizeof(d[0]) * (size_t)n);
}

/* capset(2): only within the permitted set; kept and reported. */
long sys_capset(struct task *t, const struct syscall_args *a)
{
	struct cap_header h;
	struct cap_data d[2] = { { 0, 0, 0 }, { 0, 0, 0 } };
	uint64_t eff, perm, inh;
	struct thread_group *tg = t->tg;
	int n;

	if (copy_from_user(t->mm, &h, a->a[0], sizeof(h)))
		return -EFAULT;
	n = cap_words(h.version);
	if (!n)
		return -EINVAL;
	if (h.pid != 0 && h.pid != tg->tgid)
		return -EPERM;
	if (copy_from_user(t->mm, d, a->a[1], sizeof(d[0]) * (size_t)n))
		return -EFAULT;
	eff = d[0].effective | ((uint64_t)d[1].effective << 32);
	perm = d[0].permitted | ((uint64_t)d[1].permitted << 32);
	inh = d[0].inheritable | ((uint64_t)d[1].inheritable << 32);
	if ((perm & ~tg->cap_permitted) || (eff & ~perm))
		return -EPERM;
	tg->cap_effective = eff;
	tg->cap_permitted = perm;
	tg->cap_inheritable = inh;
	return 0;
}

/* personality(2): the persona is kept per process; only PER_LINUX execution domains. */
long sys_personality(struct task *t, const struct syscall_args *a)
{
	uint32_t old = t->tg->personality, p = (uint32_t)a->a[0];

	if (p == 0xffffffffU)
		return old;
	if ((p & 0xff) != 0 && (p & 0xff) != 8) /* PER_LINUX, PER_LINUX32 */
		return -EINVAL;
	t->tg->personality = p;
	return old;
}
