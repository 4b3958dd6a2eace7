/* SPDX-License-Identifier: MIT */
/* clone(2), clone3(2), fork(2), vfork(2): new tasks and processes. */
#include <string.h>
#include "abi/errno.h"
#include "fs/tty/tty.h"
#include "fs/vfs/vfs.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/err.h"
#include "lib/kstd.h"
#include "lib/log.h"
#include "mm/mm.h"
#include "mm/uaccess.h"
#include "platform/platform.h"

static long check_flags(uint64_t f)
{
	if ((f & LINUX_CLONE_THREAD) && !(f & LINUX_CLONE_SIGHAND))
		return -EINVAL;
	if ((f & LINUX_CLONE_SIGHAND) && !(f & LINUX_CLONE_VM))
		return -EINVAL;
	if ((f & LINUX_CLONE_FS) && (f & LINUX_CLONE_NEWNS))
		return -EINVAL;
	if (f & (LINUX_CLONE_NEWNS | LINUX_CLONE_NEWUTS | LINUX_CLONE_NEWIPC | LINUX_CLONE_NEWUSER |
		 LINUX_CLONE_NEWPID | LINUX_CLONE_NEWNET | LINUX_CLONE_NEWCGROUP))
		return -EPERM; /* namespaces inside the guest: not supported (documented) */
	if (f & (LINUX_CLONE_PIDFD | LINUX_CLONE_INTO_CGROUP))
		return -EINVAL;
	return 0;
}

/* CLONE_PARENT_SETTID into the parent's memory, CLONE_CHILD_SETTID into the child's mm. */
static void clone_settid(struct task *t, struct mm *child_mm, uint64_t f, const struct linux_clone_args *a, int tid)
{
	int32_t v = tid;

	if (f & LINUX_CLONE_PARENT_SETTID)
		copy_to_user(t->mm, a->parent_tid, &v, 4);
	if (f & LINUX_CLONE_CHILD_SETTID)
		copy_to_user(child_mm, a->child_tid, &v, 4);
}

long task_clone(struct task *t, const struct linux_clone_args *a)
{
	uint64_t f = a->flags;
	struct thread_group *tg = t->tg, *ntg;
	struct task *n;
	struct platform_ctx *ctx = NULL;
	struct regs regs = t->regs;
	bool thread = f & LINUX_CLONE_THREAD;
	/* CLONE_VM (threads, vfork, posix_spawn): a new host thread in the same stub. */
	bool vm = f & LINUX_CLONE_VM, running = false;
	long r = check_flags(f);
	int tid;

	if (r)
		return r;
	if (a->exit_signal > LINUX_NSIG)
		return -EINVAL;
	tid = pid_alloc();
	if (tid < 0)
		return tid;
	regs.rax = 0;
	if (a->stack)
		regs.rsp = a->stack + a->stack_size;
	if (f & LINUX_CLONE_SETTLS)
		regs.fs_base = a->tls;
	/*
	 * Linux stores the tids before the child runs. A thread's child runs
	 * at once where the platform can start it (its first stop would wait
	 * for its own ukern thread): with no robust list, the parent's mask,
	 * the group's pending signals.
	 */
	if (vm)
		clone_settid(t, t->mm, f, a, tid);
	if (thread) {
		struct platform_served s = { .sigmask = t->blocked, .sigpending = tg->shared_pending.set };

		ctx = platform_ctx_clone_running(t->ctx, &regs, &s, task_stub_serves());
		running = ctx && !IS_ERR(ctx);
	}
	if (!ctx)
		ctx = platform_ctx_clone(t->ctx, vm);
	if (IS_ERR(ctx)) {
		pid_free(tid);
		return PTR_ERR(ctx);
	}
	n = task_alloc();
	n->tid = tid;
	n->ctx = ctx;
	n->regs = regs;
	/* Started running: signals for it kick its stub thread (task_run waits for its first trap). */
	n->in_guest = running;
	n->blocked = t->blocked;
	n->cpumask = t->cpumask;
	n->start_cpu = platform_start_cpu(t->ctx, tid);
	memcpy(n->comm, t->comm, sizeof(n->comm));
	if (vm) {
		n->mm = t->mm;
		mm_get(n->mm);
	} else {
		n->mm = mm_fork(t->mm, ctx);
	}
	if (f & LINUX_CLONE_FS) {
		n->fs = t->fs;
		n->fs->refs++;
	} else {
		n->fs = fs_info_dup(t->fs);
	}
	if (f & LINUX_CLONE_FILES) {
		n->files = t->files;
		n->files->refs++;
	} else {
		n->files = fdtable_dup(t->files);
	}
	if (!thread) {
		n->altstack = t->altstack;
	}
	if (thread) {
		n->tg = tg;
		tg->nr_threads++;
	} else {
		ntg = tg_alloc();
		ntg->tgid = tid;
		ntg->pgid = tg->pgid;
		ntg->sid = tg->sid;
		tty_fork(tg, ntg);
		ntg->cred = tg->cred;
		ntg->nice = tg->nice;
		ntg->personality = tg->personality;
		ntg->cap_effective = tg->cap_effective;
		ntg->cap_permitted = tg->cap_permitted;
		ntg->cap_inheritable = tg->cap_inheritable;
		ntg->sched_policy = tg->sched_policy;
		ntg->sched_prio = tg->sched_prio;
		if (ntg->sched_policy & 0x40000000) { /* SCHED_RESET_ON_FORK */
			ntg->sched_policy &= ~0x40000000;
			if (ntg->sched_policy == 1 || ntg->sched_policy == 2) {
				ntg->sched_policy = 0;
				ntg->sched_prio = 0;
			}
		}
		ntg->undumpable = tg->undumpable;
		memcpy(ntg->rlim, tg->rlim, sizeof(ntg->rlim));
		ntg->exit_signal = (int)a->exit_signal;
		if (f & LINUX_CLONE_SIGHAND) {
			ntg->sighand = tg->sighand;
			ntg->sighand->refs++;
		} else {
			ntg->sighand = kzalloc(sizeof(*ntg->sighand));
			*ntg->sighand = *tg->sighand;
			ntg->sighand->refs = 1;
		}
		if (f & LINUX_CLONE_CLEAR_SIGHAND) {
			int i;

			for (i = 0; i < LINUX_NSIG; i++)
				if (ntg->sighand->action[i].handler != LINUX_SIG_IGN)
					memset(&ntg->sighand->action[i], 0, sizeof(ntg->sighand->action[i]));
		}
		ntg->parent = (f & LINUX_CLONE_PARENT) && tg->parent ? tg->parent : tg;
		list_add_tail(&ntg->sibling, &ntg->parent->children);
		n->tg = ntg;
	}
	list_add_tail(&n->tg_link, &n->tg->threads);
	if (!thread)
		n->tg->nr_threads = 1;
	pid_register_task(n);
	if (f & LINUX_CLONE_CHILD_CLEARTID)
		n->clear_child_tid = a->child_tid;
	if (!vm)
		clone_settid(t, n->mm, f, a, tid);
	if (f & LINUX_CLONE_VFORK) {
		n->vfork_parent_tid = t->tid;
		t->vfork_child_tid = tid;
		t->vfork_done = false;
	}
	if (running && !(f & LINUX_CLONE_VFORK) && task_exit_early(n))
		return tid;
	r = task_start(n);
	if (r < 0)
		panic("cannot start a host thread: %ld", r);
	if (f & LINUX_CLONE_VFORK) {
		struct waiter w;

		while (!t->vfork_done) {
			waitq_add(&tg->vfork_wait, &w, t);
			task_sleep(t, -1, NULL, 0, false);
			waitq_del(&w);
			if (t->tg->group_exit)
				break;
		}
		t->vfork_child_tid = 0;
	}
	return tid;
}
