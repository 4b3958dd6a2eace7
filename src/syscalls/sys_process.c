/* SPDX-License-Identifier: MIT */
/* Processes and threads: clone family, exec, exit, wait, pids, sessions, prctl, arch_prctl, futex. */
#include <string.h>
#include "abi/errno.h"
#include "fs/tty/tty.h"
#include "fs/vfs/vfs.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/err.h"
#include "lib/kstd.h"
#include "mm/uaccess.h"
#include "syscalls/syscalls.h"

/* clone(2) (x86-64 argument order: flags, stack, parent_tid, child_tid, tls). */
long sys_clone(struct task *t, const struct syscall_args *a)
{
	struct linux_clone_args ca;

	memset(&ca, 0, sizeof(ca));
	ca.flags = a->a[0] & ~(uint64_t)LINUX_CSIGNAL;
	ca.exit_signal = a->a[0] & LINUX_CSIGNAL;
	ca.stack = a->a[1];
	ca.parent_tid = a->a[2];
	ca.child_tid = a->a[3];
	ca.tls = a->a[4];
	if ((ca.flags & LINUX_CLONE_THREAD) && ca.exit_signal)
		ca.exit_signal = 0;
	return task_clone(t, &ca);
}

/* clone3(2). set_tid and cgroup are EINVAL. */
long sys_clone3(struct task *t, const struct syscall_args *a)
{
	struct linux_clone_args ca;
	size_t size = a->a[1];

	if (size < LINUX_CLONE_ARGS_SIZE_VER0)
		return -EINVAL;
	if (size > 4096)
		return -E2BIG;
	memset(&ca, 0, sizeof(ca));
	if (copy_from_user(t->mm, &ca, a->a[0], MIN(size, sizeof(ca))))
		return -EFAULT;
	if (size > sizeof(ca)) {
		unsigned char tail[64];
		size_t off = sizeof(ca);

		while (off < size) {
			size_t n = MIN(sizeof(tail), size - off), i;

			if (copy_from_user(t->mm, tail, a->a[0] + off, n))
				return -EFAULT;
			for (i = 0; i < n; i++)
				if (tail[i])
					return -E2BIG;
			off += n;
		}
	}
	if (ca.set_tid || ca.set_tid_size || ca.cgroup)
		return -EINVAL;
	if (ca.exit_signal & ~(uint64_t)LINUX_CSIGNAL)
		return -EINVAL;
	if ((ca.flags & LINUX_CLONE_THREAD) && ca.exit_signal)
		return -EINVAL;
	if (!ca.stack != !ca.stack_size)
		return -EINVAL;
	if (ca.flags & LINUX_CSIGNAL)
		return -EINVAL;
	return task_clone(t, &ca);
}

/* fork(2). */
long sys_fork(struct task *t, const struct syscall_args *a)
{
	struct linux_clone_args ca = { .exit_signal = LINUX_SIGCHLD };

	(void)a;
	return task_clone(t, &ca);
}

/* vfork(2). */
long sys_vfork(struct task *t, const struct syscall_args *a)
{
	struct linux_clone_args ca = { .flags = LINUX_CLONE_VFORK | LINUX_CLONE_VM, .exit_signal = LINUX_SIGCHLD };

	(void)a;
	return task_clone(t, &ca);
}

static long do_execve(struct task *t, int dirfd, uaddr_t upath, uaddr_t uargv, uaddr_t uenvp, int flags)
{
	char *path, **argv, **envp;
	long r;

	if (flags & ~(LINUX_AT_EMPTY_PATH | LINUX_AT_SYMLINK_NOFOLLOW))
		return -EINVAL;
	path = getname(t, upath);
	if (IS_ERR(path))
		return PTR_ERR(path);
	argv = copy_strings_from_user(t->mm, uargv, 2 << 20);
	if (IS_ERR(argv)) {
		kfree(path);
		return PTR_ERR(argv);
	}
	envp = copy_strings_from_user(t->mm, uenvp, 2 << 20);
	if (IS_ERR(envp)) {
		free_strings(argv);
		kfree(path);
		return PTR_ERR(envp);
	}
	r = task_execve(t, dirfd, path, argv, envp, flags);
	free_strings(argv);
	free_strings(envp);
	kfree(path);
	return r;
}

/* execve(2). */
long sys_execve(struct task *t, const struct syscall_args *a)
{
	return do_execve(t, LINUX_AT_FDCWD, a->a[0], a->a[1], a->a[2], 0);
}

/* execveat(2). */
long sys_execveat(struct task *t, const struct syscall_args *a)
{
	return do_execve(t, ARG_INT(0), a->a[1], a->a[2], a->a[3], ARG_INT(4));
}

/* exit(2). */
long sys_exit(struct task *t, const struct syscall_args *a)
{
	task_exit(t, ARG_INT(0));
	return 0;
}

/* exit_group(2). */
long sys_exit_group(struct task *t, const struct syscall_args *a)
{
	tg_group_exit(t->tg, (ARG_INT(0) & 0xff) << 8);
	t->state = TASK_EXITING;
	return 0;
}

/* wait4(2). */
long sys_wait4(struct task *t, const struct syscall_args *a)
{
	int pid = ARG_INT(0), options = ARG_INT(2), status = 0, idtype, id;
	struct linux_rusage ru;
	long r;

	if (options & ~(LINUX_WNOHANG | LINUX_WUNTRACED | LINUX_WCONTINUED | LINUX_WNOTHREAD | LINUX_WALL |
			(int)LINUX_WCLONE))
		return -EINVAL;
	if (pid == INT32_MIN)
		return -ESRCH;
	if (pid > 0) {
		idtype = LINUX_P_PID;
		id = pid;
	} else if (pid == -1) {
		idtype = LINUX_P_ALL;
		id = 0;
	} else {
		idtype = LINUX_P_PGID;
		id = pid == 0 ? t->tg->pgid : -pid;
	}
	r = task_wait(t, idtype, id, options | LINUX_WEXITED, &status, NULL, a->a[3] ? &ru : NULL);
	if (r > 0) {
		if (a->a[1] && copy_to_user(t->mm, a->a[1], &status, 4))
			return -EFAULT;
		if (a->a[3] && copy_to_user(t->mm, a->a[3], &ru, sizeof(ru)))
			return -EFAULT;
	}
	return r;
}

/* waitid(2). P_PIDFD is EINVAL. */
long sys_waitid(struct task *t, const struct syscall_args *a)
{
	int idtype = ARG_INT(0), id = ARG_INT(1), options = ARG_INT(3), status;
	struct linux_siginfo info;
	struct linux_rusage ru;
	bool nonblock_pidfd = false;
	long r;

	if (options & ~(LINUX_WNOHANG | LINUX_WSTOPPED | LINUX_WEXITED | LINUX_WCONTINUED | LINUX_WNOWAIT |
			LINUX_WNOTHREAD | LINUX_WALL | (int)LINUX_WCLONE))
		return -EINVAL;
	if (!(options & (LINUX_WEXITED | LINUX_WSTOPPED | LINUX_WCONTINUED)))
		return -EINVAL;
	if (idtype == LINUX_P_PIDFD) {
		struct file *f = fd_get(t, id);
		struct thread_group *tg = f ? pidfd_tg(f) : NULL;

		if (f) {
			/* A PIDFD_NONBLOCK pidfd makes waitid return EAGAIN instead of waiting. */
			nonblock_pidfd = (f->flags & LINUX_O_NONBLOCK) && !(options & LINUX_WNOHANG);
			file_put(f);
		}
		if (!tg)
			return -EBADF;
		if (tg->state == TG_DEAD)
			return -ECHILD;
		idtype = LINUX_P_PID;
		id = tg->tgid;
	} else if (idtype == LINUX_P_PGID && id == 0) {
		id = t->tg->pgid;
	} else if (idtype != LINUX_P_ALL && idtype != LINUX_P_PID && idtype != LINUX_P_PGID) {
		return -EINVAL;
	}
	if ((idtype == LINUX_P_PID || idtype == LINUX_P_PGID) && id <= 0)
		return -EINVAL;
	memset(&info, 0, sizeof(info));
	r = task_wait(t, idtype, id, options | (nonblock_pidfd ? LINUX_WNOHANG : 0), &status, &info, &ru);
	if (r < 0)
		return r;
	if (r == 0 && nonblock_pidfd)
		return -EAGAIN;
	if (a->a[2] && copy_to_user(t->mm, a->a[2], &info, sizeof(info)))
		return -EFAULT;
	if (a->a[4] && copy_to_user(t->mm, a->a[4], &ru, sizeof(ru)))
		return -EFAULT;
	return 0;
}

/* getpid(2). */
long sys_getpid(struct task *t, const struct syscall_args *a)
{
	(void)a;
	return t->tg->tgid;
}

/* getppid(2). */
long sys_getppid(struct task *t, const struct syscall_args *a)
{
	(void)a;
	return t->tg->parent ? t->tg->parent->tgid : 0;
}

/* gettid(2). */
long sys_gettid(struct task *t, const struct syscall_args *a)
{
	(void)a;
	return t->tid;
}

/* set_tid_address(2). */
long sys_set_tid_address(struct task *t, const struct syscall_args *a)
{
	t->clear_child_tid = a->a[0];
	return t->tid;
}

/* setsid(2). */
long sys_setsid(struct task *t, const struct syscall_args *a)
{
	struct thread_group *tg;

	(void)a;
	list_for_each_entry(tg, &all_thread_groups, all_link)
		if (tg->state != TG_DEAD && tg->pgid == t->tg->tgid)
			return -EPERM;
	t->tg->sid = t->tg->pgid = t->tg->tgid;
	tty_setsid(t->tg);
	return t->tg->sid;
}

/* setpgid(2). */
long sys_setpgid(struct task *t, const struct syscall_args *a)
{
	int pid = ARG_INT(0), pgid = ARG_INT(1);
	struct thread_group *target, *tg;

	if (pgid < 0)
		return -EINVAL;
	if (!pid)
		pid = t->tg->tgid;
	if (!pgid)
		pgid = pid;
	target = tg_by_tgid(pid);
	if (!target || (target != t->tg && target->parent != t->tg))
		return -ESRCH;
	if (target != t->tg && target->did_exec)
		return -EACCES;
	if (target->sid == target->tgid)
		return -EPERM; /* a session leader */
	if (target->sid != t->tg->sid)
		return -EPERM;
	if (pgid != pid) {
		bool found = false;

		list_for_each_entry(tg, &all_thread_groups, all_link)
			if (tg->state != TG_DEAD && tg->pgid == pgid && tg->sid == t->tg->sid)
				found = true;
		if (!found)
			return -EPERM;
	}
	target->pgid = pgid;
	return 0;
}

/* getpgid(2). */
long sys_getpgid(struct task *t, const struct syscall_args *a)
{
	struct thread_group *tg = ARG_INT(0) ? tg_by_tgid(ARG_INT(0)) : t->tg;

	return tg ? tg->pgid : -ESRCH;
}

/* getpgrp(2). */
long sys_getpgrp(struct task *t, const struct syscall_args *a)
{
	(void)a;
	return t->tg->pgid;
}

/* getsid(2). */
long sys_getsid(struct task *t, const struct syscall_args *a)
{
	struct thread_group *tg = ARG_INT(0) ? tg_by_tgid(ARG_INT(0)) : t->tg;

	return tg ? tg->sid : -ESRCH;
}

/* set_robust_list(2). */
long sys_set_robust_list(struct task *t, const struct syscall_args *a)
{
	if (a->a[1] != 24)
		return -EINVAL;
	t->robust_list = a->a[0];
	t->robust_len = a->a[1];
	return 0;
}

/* get_robust_list(2). */
long sys_get_robust_list(struct task *t, const struct syscall_args *a)
{
	struct task *target = ARG_INT(0) ? task_by_tid(ARG_INT(0)) : t;
	uint64_t len = 24;

	if (!target)
		return -ESRCH;
	if (target->in_guest) /* its stub may have served a set_robust_list */
		task_served_get(target);
	if (copy_to_user(t->mm, a->a[2], &len, 8) || copy_to_user(t->mm, a->a[1], &target->robust_list, 8))
		return -EFAULT;
	return 0;
}

/* restart_syscall(2): resumes an interrupted nanosleep/clock_nanosleep. */
long sys_restart_syscall(struct task *t, const struct syscall_args *a)
{
	struct syscall_args na = { { (uint64_t)t->restart_clock, (uint64_t)t->restart_flags, 0, 0, 0, 0 } };

	(void)a;
	return sys_clock_nanosleep_restart(t, &na);
}

/* futex(2). No PI futexes. */
long sys_futex(struct task *t, const struct syscall_args *a)
{
	return futex_op(t, a->a[0], ARG_INT(1), (uint32_t)a->a[2], a->a[3], a->a[4], (uint32_t)a->a[5]);
}

/* arch_prctl(2). */
long sys_arch_prctl(struct task *t, const struct syscall_args *a)
{
	switch (ARG_INT(0)) {
	case LINUX_ARCH_SET_FS:
		if (a->a[1] >= GUEST_TASK_SIZE)
			return -EPERM;
		t->regs.fs_base = a->a[1];
		return 0;
	case LINUX_ARCH_SET_GS:
		if (a->a[1] >= GUEST_TASK_SIZE)
			return -EPERM;
		t->regs.gs_base = a->a[1];
		return 0;
	case LINUX_ARCH_GET_FS:
		return copy_to_user(t->mm, a->a[1], &t->regs.fs_base, 8);
	case LINUX_ARCH_GET_GS:
		return copy_to_user(t->mm, a->a[1], &t->regs.gs_base, 8);
	}
	return -EINVAL;
}

/* prctl(2). */
long sys_prctl(struct task *t, const struct syscall_args *a)
{
	int32_t v;
	char name[16];

	switch (ARG_INT(0)) {
	case LINUX_PR_SET_NAME:
		memset(name, 0, sizeof(name));
		if (strncpy_from_user(t->mm, name, a->a[1], sizeof(name)) == -EFAULT)
			return -EFAULT;
		name[15] = 0;
		task_set_comm(t, name);
		return 0;
	case LINUX_PR_GET_NAME:
		return copy_to_user(t->mm, a->a[1], t->comm, 16);
	case LINUX_PR_SET_PDEATHSIG:
		if (a->a[1] > LINUX_NSIG)
			return -EINVAL;
		t->pdeathsig = (int)a->a[1];
		return 0;
	case LINUX_PR_GET_PDEATHSIG:
		v = t->pdeathsig;
		return copy_to_user(t->mm, a->a[1], &v, 4);
	case LINUX_PR_GET_DUMPABLE:
		return !t->tg->undumpable;
	case LINUX_PR_SET_DUMPABLE:
		if (a->a[1] > 1)
			return -EINVAL;
		t->tg->undumpable = !a->a[1];
		return 0;
	case LINUX_PR_GET_KEEPCAPS:
		return 0;
	case LINUX_PR_SET_KEEPCAPS:
		return a->a[1] > 1 ? -EINVAL : 0;
	case LINUX_PR_SET_CHILD_SUBREAPER:
		t->tg->subreaper = a->a[1] != 0;
		return 0;
	case LINUX_PR_GET_CHILD_SUBREAPER:
		v = t->tg->subreaper;
		return copy_to_user(t->mm, a->a[1], &v, 4);
	case LINUX_PR_SET_NO_NEW_PRIVS:
		return a->a[1] == 1 && !a->a[2] && !a->a[3] && !a->a[4] ? 0 : -EINVAL;
	case LINUX_PR_GET_NO_NEW_PRIVS:
		return 0;
	case LINUX_PR_CAPBSET_READ:
		return a->a[1] <= 40 ? 1 : -EINVAL;
	}
	return -EINVAL;
}

/* pidfd_open(2). PIDFD_NONBLOCK is accepted; a pidfd is poll-only. */
long sys_pidfd_open(struct task *t, const struct syscall_args *a)
{
	struct thread_group *tg;
	struct file *f;
	long r;

	if (a->a[1] & ~(uint64_t)LINUX_O_NONBLOCK)
		return -EINVAL;
	if (ARG_INT(0) <= 0)
		return -EINVAL;
	tg = tg_by_tgid(ARG_INT(0));
	if (!tg)
		return task_by_tid(ARG_INT(0)) ? -ENOENT : -ESRCH; /* not a thread-group leader */
	f = pidfd_create(tg, ARG_INT(1));
	r = fd_install(t, f, 0, true);
	if (r < 0)
		file_put(f);
	return r;
}

/* pidfd_getfd(2): a copy of another guest process's fd. */
long sys_pidfd_getfd(struct task *t, const struct syscall_args *a)
{
	struct file *pf = fd_get(t, ARG_INT(0)), *f = NULL;
	struct thread_group *tg;
	struct task *o;
	long r;

	if (!pf)
		return -EBADF;
	tg = pidfd_tg(pf);
	file_put(pf);
	if (!tg)
		return -EBADF;
	if (a->a[2])
		return -EINVAL;
	if (tg->state != TG_ALIVE || list_empty(&tg->threads))
		return -ESRCH;
	if (!cred_is_root(&t->tg->cred) && t->tg->cred.euid != tg->cred.uid)
		return -EPERM;
	o = list_first_entry(&tg->threads, struct task, tg_link);
	if (o->files)
		f = fd_get(o, ARG_INT(1));
	if (!f)
		return -EBADF;
	r = fd_install(t, f, 0, true);
	if (r < 0)
		file_put(f);
	return r;
}

/* unshare(2): CLONE_FILES, CLONE_FS and CLONE_SYSVSEM; new namespaces are EPERM (not supported). */
long sys_unshare(struct task *t, const struct syscall_args *a)
{
	uint64_t f = a->a[0];

	if (f & ~(uint64_t)(LINUX_CLONE_FILES | LINUX_CLONE_FS | LINUX_CLONE_SYSVSEM | LINUX_CLONE_NEWNS |
			    LINUX_CLONE_NEWUTS | LINUX_CLONE_NEWIPC | LINUX_CLONE_NEWUSER | LINUX_CLONE_NEWPID |
			    LINUX_CLONE_NEWNET | LINUX_CLONE_NEWCGROUP | LINUX_CLONE_THREAD | LINUX_CLONE_SIGHAND |
			    LINUX_CLONE_VM | 0x80 /* CLONE_NEWTIME */))
		return -EINVAL;
	if (f & (LINUX_CLONE_NEWNS | LINUX_CLONE_NEWUTS | LINUX_CLONE_NEWIPC | LINUX_CLONE_NEWUSER |
		 LINUX_CLONE_NEWPID | LINUX_CLONE_NEWNET | LINUX_CLONE_NEWCGROUP | 0x80))
		return -EPERM;
	if ((f & (LINUX_CLONE_THREAD | LINUX_CLONE_SIGHAND | LINUX_CLONE_VM)) && t->tg->nr_threads > 1)
		return -EINVAL;
	if ((f & LINUX_CLONE_FILES) && t->files->refs > 1) {
		struct fdtable *n = fdtable_dup(t->files);

		t->files->refs--;
		t->files = n;
	}
	if ((f & LINUX_CLONE_FS) && t->fs->refs > 1) {
		struct fs_info *n = fs_info_dup(t->fs);

		t->fs->refs--;
		t->fs = n;
	}
	return 0;
}

/* setns(2): ukern has no namespace files to join. */
long sys_setns(struct task *t, const struct syscall_args *a)
{
	struct file *f = fd_get(t, ARG_INT(0));

	if (!f)
		return -EBADF;
	file_put(f);
	return -EINVAL;
}

/* name_to_handle_at(2), open_by_handle_at(2): no file handles. */
long sys_name_to_handle_at(struct task *t, const struct syscall_args *a)
{
	(void)t;
	(void)a;
	return -EOPNOTSUPP;
}
