/* SPDX-License-Identifier: MIT */
/* Signal syscalls: actions, masks, waiting, sending, alternate stacks. */
#include <string.h>
#include "abi/errno.h"
#include "fs/vfs/vfs.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/kstd.h"
#include "mm/uaccess.h"
#include "syscalls/syscalls.h"

/* rt_sigaction(2). */
long sys_rt_sigaction(struct task *t, const struct syscall_args *a)
{
	int sig = ARG_INT(0);
	struct linux_sigaction act, *cur;

	if (a->a[3] != sizeof(linux_sigset_t))
		return -EINVAL;
	if (sig < 1 || sig > LINUX_NSIG)
		return -EINVAL;
	cur = &t->tg->sighand->action[sig - 1];
	if (a->a[1] && SIG_KERNEL_ONLY(sig))
		return -EINVAL;
	if (a->a[1] && copy_from_user(t->mm, &act, a->a[1], sizeof(act)))
		return -EFAULT;
	if (a->a[2] && copy_to_user(t->mm, a->a[2], cur, sizeof(*cur)))
		return -EFAULT;
	if (a->a[1]) {
		act.mask &= ~SIG_UNBLOCKABLE;
		*cur = act;
		/* Setting SIG_IGN (or SIG_DFL for a default-ignored signal) discards pending instances. */
		if (act.handler == LINUX_SIG_IGN ||
		    (act.handler == LINUX_SIG_DFL && (sig == LINUX_SIGCHLD || sig == LINUX_SIGCONT ||
						      sig == LINUX_SIGURG || sig == LINUX_SIGWINCH))) {
			struct linux_siginfo info;
			struct task *o;

			while (signal_dequeue(t, SIGBIT(sig), &info))
				;
			list_for_each_entry(o, &t->tg->threads, tg_link)
				while (signal_dequeue(o, SIGBIT(sig), &info))
					;
		}
	}
	return 0;
}

/* rt_sigprocmask(2). */
long sys_rt_sigprocmask(struct task *t, const struct syscall_args *a)
{
	linux_sigset_t set, old = t->blocked;

	if (a->a[3] != sizeof(linux_sigset_t))
		return -EINVAL;
	if (a->a[1]) {
		if (copy_from_user(t->mm, &set, a->a[1], sizeof(set)))
			return -EFAULT;
		set &= ~SIG_UNBLOCKABLE;
		switch (ARG_INT(0)) {
		case LINUX_SIG_BLOCK: t->blocked |= set; break;
		case LINUX_SIG_UNBLOCK: t->blocked &= ~set; break;
		case LINUX_SIG_SETMASK: t->blocked = set; break;
		default: return -EINVAL;
		}
	}
	/* As Linux: a bad old set fails the call after the new mask took effect. */
	if (a->a[2] && copy_to_user(t->mm, a->a[2], &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* rt_sigreturn(2). */
long sys_rt_sigreturn(struct task *t, const struct syscall_args *a)
{
	(void)a;
	return signal_sigreturn(t);
}

/* rt_sigsuspend(2). */
long sys_rt_sigsuspend(struct task *t, const struct syscall_args *a)
{
	linux_sigset_t m;

	if (a->a[1] != sizeof(m))
		return -EINVAL;
	if (copy_from_user(t->mm, &m, a->a[0], sizeof(m)))
		return -EFAULT;
	t->saved_mask = t->blocked;
	t->restore_mask = true;
	t->blocked = m & ~SIG_UNBLOCKABLE;
	while (task_sleep(t, -1, NULL, 0, true) != -EINTR)
		;
	return -ERESTARTNOHAND;
}

/* pause(2). */
long sys_pause(struct task *t, const struct syscall_args *a)
{
	(void)a;
	while (task_sleep(t, -1, NULL, 0, true) != -EINTR)
		;
	return -ERESTARTNOHAND;
}

/* rt_sigpending(2). */
long sys_rt_sigpending(struct task *t, const struct syscall_args *a)
{
	linux_sigset_t s = signal_pending_set(t) & t->blocked;

	if (a->a[1] > sizeof(s))
		return -EINVAL;
	return copy_to_user(t->mm, a->a[0], &s, a->a[1]);
}

/* rt_sigtimedwait(2). */
long sys_rt_sigtimedwait(struct task *t, const struct syscall_args *a)
{
	linux_sigset_t set, saved;
	struct linux_siginfo info;
	int64_t deadline = -1;
	int sig;

	if (a->a[3] != sizeof(set))
		return -EINVAL;
	if (copy_from_user(t->mm, &set, a->a[0], sizeof(set)))
		return -EFAULT;
	set &= ~SIG_UNBLOCKABLE;
	if (a->a[2]) {
		struct linux_timespec ts;

		if (copy_from_user(t->mm, &ts, a->a[2], sizeof(ts)))
			return -EFAULT;
		if (ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000 || ts.tv_sec < 0)
			return -EINVAL;
		deadline = add_sat(clock_host_now(), ns_sat(ts.tv_sec, ts.tv_nsec));
	}
	sig = signal_dequeue(t, set, &info);
	if (!sig) {
		/* Wait with the awaited signals unblocked, so they wake us (Linux does the same). */
		saved = t->blocked;
		t->real_blocked = saved;
		t->blocked &= ~set;
		for (;;) {
			int r = task_sleep(t, deadline, NULL, 0, true);

			sig = signal_dequeue(t, set, &info);
			if (sig || r == -ETIMEDOUT || (r == -EINTR && !(signal_pending_set(t) & set)))
				break;
		}
		t->blocked = saved;
		t->real_blocked = 0;
		if (!sig)
			return deadline >= 0 && clock_host_now() >= deadline ? -EAGAIN : -EINTR;
	}
	if (a->a[1] && copy_to_user(t->mm, a->a[1], &info, sizeof(info)))
		return -EFAULT;
	return sig;
}

static long check_kill_perm(struct task *t, struct thread_group *tg, int sig)
{
	const struct cred *c = &t->tg->cred, *tc = &tg->cred;

	if (c->euid == 0 || c->euid == tc->uid || c->euid == tc->suid || c->uid == tc->uid || c->uid == tc->suid)
		return 0;
	if (sig == LINUX_SIGCONT && tg->sid == t->tg->sid)
		return 0;
	return -EPERM;
}

static long kill_tg(struct task *t, struct thread_group *tg, int sig, struct linux_siginfo *info)
{
	long r = check_kill_perm(t, tg, sig);

	if (r < 0 || !sig)
		return r;
	return signal_send_tg(tg, sig, info);
}

/* kill(2). Only processes of this guest exist for it. */
long sys_kill(struct task *t, const struct syscall_args *a)
{
	int pid = ARG_INT(0), sig = ARG_INT(1);
	struct linux_siginfo info;
	struct thread_group *tg;
	long r = -ESRCH;
	bool any = false;

	signal_info_user(&info, sig, LINUX_SI_USER);
	if (pid > 0) {
		tg = tg_by_tgid(pid);
		if (!tg)
			return -ESRCH;
		if (sig < 0 || sig > LINUX_NSIG)
			return -EINVAL;
		if (tg->state != TG_ALIVE)
			return 0; /* a zombie accepts and ignores signals */
		return kill_tg(t, tg, sig, &info);
	}
	if (sig < 0 || sig > LINUX_NSIG)
		return -EINVAL;
	if (pid == INT32_MIN)
		return -ESRCH;
	list_for_each_entry(tg, &all_thread_groups, all_link) {
		bool match;

		if (tg->state != TG_ALIVE)
			continue;
		if (pid == 0)
			match = tg->pgid == t->tg->pgid;
		else if (pid == -1)
			match = tg->tgid != 1 && tg != t->tg;
		else
			match = tg->pgid == -pid;
		if (!match)
			continue;
		any = true;
		r = kill_tg(t, tg, sig, &info);
	}
	return any ? (pid == -1 ? 0 : r) : -ESRCH;
}

static long tkill_(struct task *t, int tgid, int tid, int sig)
{
	struct task *target = task_by_tid(tid);
	struct linux_siginfo info;
	long r;

	if (tid <= 0 || (tgid != -1 && tgid <= 0))
		return -EINVAL;
	if (sig < 0 || sig > LINUX_NSIG)
		return -EINVAL;
	if (!target || (tgid != -1 && target->tg->tgid != tgid) || target->state == TASK_DEAD)
		return -ESRCH;
	r = check_kill_perm(t, target->tg, sig);
	if (r < 0 || !sig)
		return r;
	signal_info_user(&info, sig, LINUX_SI_TKILL);
	return signal_send_task(target, sig, &info);
}

/* tkill(2). */
long sys_tkill(struct task *t, const struct syscall_args *a)
{
	return tkill_(t, -1, ARG_INT(0), ARG_INT(1));
}

/* tgkill(2). */
long sys_tgkill(struct task *t, const struct syscall_args *a)
{
	return tkill_(t, ARG_INT(0), ARG_INT(1), ARG_INT(2));
}

static long queueinfo(struct task *t, int tgid, int tid, int sig, uaddr_t uinfo)
{
	struct linux_siginfo info;

	if (copy_from_user(t->mm, &info, uinfo, sizeof(info)))
		return -EFAULT;
	if (sig < 0 || sig > LINUX_NSIG)
		return -EINVAL;
	/* Only the kernel may claim SI_USER or kernel codes for another process. */
	if ((info.si_code >= 0 || info.si_code == LINUX_SI_TKILL) && (tgid != t->tg->tgid))
		return -EPERM;
	info.si_signo = sig;
	if (tid) {
		struct task *target = task_by_tid(tid);

		if (!target || target->tg->tgid != tgid)
			return -ESRCH;
		return sig ? signal_send_task(target, sig, &info) : 0;
	} else {
		struct thread_group *tg = tg_by_tgid(tgid);

		if (!tg)
			return -ESRCH;
		return tg->state == TG_ALIVE && sig ? signal_send_tg(tg, sig, &info) : 0;
	}
}

/* rt_sigqueueinfo(2). */
long sys_rt_sigqueueinfo(struct task *t, const struct syscall_args *a)
{
	return queueinfo(t, ARG_INT(0), 0, ARG_INT(1), a->a[2]);
}

/* rt_tgsigqueueinfo(2). */
long sys_rt_tgsigqueueinfo(struct task *t, const struct syscall_args *a)
{
	return queueinfo(t, ARG_INT(0), ARG_INT(1), ARG_INT(2), a->a[3]);
}

/* sigaltstack(2). */
long sys_sigaltstack(struct task *t, const struct syscall_args *a)
{
	struct linux_stack old = t->altstack, ss;
	uint64_t sp = t->regs.rsp;
	bool on = !(old.ss_flags & LINUX_SS_DISABLE) && sp > old.ss_sp && sp - old.ss_sp <= old.ss_size;

	if (a->a[0]) {
		if (copy_from_user(t->mm, &ss, a->a[0], sizeof(ss)))
			return -EFAULT;
		if (on)
			return -EPERM;
		if (ss.ss_flags & ~(LINUX_SS_DISABLE | LINUX_SS_ONSTACK | (int32_t)LINUX_SS_AUTODISARM))
			return -EINVAL;
		if ((ss.ss_flags & LINUX_SS_ONSTACK) && (ss.ss_flags & LINUX_SS_DISABLE))
			return -EINVAL;
		if (ss.ss_flags & LINUX_SS_DISABLE) {
			t->altstack.ss_sp = 0;
			t->altstack.ss_size = 0;
			t->altstack.ss_flags = LINUX_SS_DISABLE;
		} else {
			if (ss.ss_size < LINUX_MINSIGSTKSZ)
				return -ENOMEM;
			t->altstack.ss_sp = ss.ss_sp;
			t->altstack.ss_size = ss.ss_size;
			t->altstack.ss_flags = ss.ss_flags & (int32_t)LINUX_SS_AUTODISARM;
		}
	}
	if (a->a[1]) {
		if (old.ss_flags & LINUX_SS_DISABLE) {
			old.ss_flags = LINUX_SS_DISABLE;
		} else {
			old.ss_flags = (old.ss_flags & (int32_t)LINUX_SS_AUTODISARM) | (on ? LINUX_SS_ONSTACK : 0);
		}
		old.pad = 0;
		if (copy_to_user(t->mm, a->a[1], &old, sizeof(old)))
			return -EFAULT;
	}
	return 0;
}

static long do_signalfd(struct task *t, int fd, uaddr_t umask, size_t size, int flags)
{
	linux_sigset_t mask;
	struct file *f;
	long r;

	if (flags & ~(LINUX_O_CLOEXEC | LINUX_O_NONBLOCK))
		return -EINVAL;
	if (size != sizeof(mask))
		return -EINVAL;
	if (copy_from_user(t->mm, &mask, umask, sizeof(mask)))
		return -EFAULT;
	if (fd != -1) {
		f = fd_get(t, fd);
		if (!f)
			return -EBADF;
		r = file_is_signalfd(f) ? (signalfd_set_mask(f, mask), fd) : -EINVAL;
		file_put(f);
		return r;
	}
	f = signalfd_create(mask, flags);
	r = fd_install(t, f, 0, flags & LINUX_O_CLOEXEC);
	if (r < 0)
		file_put(f);
	return r;
}

/* signalfd(2). */
long sys_signalfd(struct task *t, const struct syscall_args *a)
{
	return do_signalfd(t, ARG_INT(0), a->a[1], a->a[2], 0);
}

/* signalfd4(2). */
long sys_signalfd4(struct task *t, const struct syscall_args *a)
{
	return do_signalfd(t, ARG_INT(0), a->a[1], a->a[2], ARG_INT(3));
}

/* pidfd_send_signal(2). */
long sys_pidfd_send_signal(struct task *t, const struct syscall_args *a)
{
	struct file *f = fd_get(t, ARG_INT(0));
	struct thread_group *tg;
	struct linux_siginfo info;
	int sig = ARG_INT(1);
	long r;

	if (!f)
		return -EBADF;
	tg = pidfd_tg(f);
	if (!tg) {
		r = -EBADF;
		goto out;
	}
	if (a->a[3]) {
		r = -EINVAL;
		goto out;
	}
	if (sig < 0 || sig > LINUX_NSIG) {
		r = -EINVAL;
		goto out;
	}
	if (tg->state == TG_DEAD || tg->group_exit) {
		r = -ESRCH;
		goto out;
	}
	if (a->a[2]) {
		if (copy_from_user(t->mm, &info, a->a[2], sizeof(info))) {
			r = -EFAULT;
			goto out;
		}
		if ((info.si_code >= 0 || info.si_code == LINUX_SI_TKILL) && tg != t->tg) {
			r = -EPERM;
			goto out;
		}
		info.si_signo = sig;
	} else {
		signal_info_user(&info, sig, LINUX_SI_USER);
	}
	r = kill_tg(t, tg, sig, &info);
out:
	file_put(f);
	return r;
}
