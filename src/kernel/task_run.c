/* SPDX-License-Identifier: MIT */
/*
 * The run loop of one task's host thread: deliver signals, run guest code
 * until it traps, serve the trap, repeat (UML userspace(), gVisor
 * Task.run).
 */
#include <string.h>
#include "abi/errno.h"
#include "fs/vfs/vfs.h"
#include "kernel/signal.h"
#include "kernel/syscall_table.h"
#include "kernel/task.h"
#include "lib/kstd.h"
#include "lib/log.h"
#include "platform/platform.h"

static const struct syscall_table *table;

#define NR_EXIT 60 /* exit(2), x86-64 */

void kernel_register_syscalls(const struct syscall_table *tbl)
{
	table = tbl;
}

struct first_exec {
	char *path;
	char **argv, **envp;
};

static void free_vec(char **v)
{
	int i;

	for (i = 0; v[i]; i++)
		kfree(v[i]);
	kfree(v);
}

/* The first program: exec'd by init's own thread, since the thread will drive its stub. */
static int run_first_exec(struct task *t)
{
	struct first_exec *fe = t->first_exec;
	long r;

	t->first_exec = NULL;
	r = task_execve(t, LINUX_AT_FDCWD, fe->path, fe->argv, fe->envp, 0);
	if (r < 0) {
		log_msg("cannot run %s: %s", fe->path,
			r == -ENOENT ? "no such file in the guest root" :
			r == -ENOEXEC ? "not an executable (ELF or #! script)" :
			r == -EACCES ? "permission denied" : "exec failed");
		log_debug("exec error %ld", r);
	}
	kfree(fe->path);
	free_vec(fe->argv);
	free_vec(fe->envp);
	kfree(fe);
	return (int)r;
}

void task_served_put(struct task *t, bool serve)
{
	struct platform_served s = {
		.sigmask = t->blocked,
		.sigpending = signal_pending_set(t),
		.robust_list = t->robust_list,
	};

	platform_served_put(t->ctx, &s, serve);
}

void task_served_get(struct task *t)
{
	struct platform_served s;

	if (!t->ctx || !platform_served_get(t->ctx, &s))
		return;
	t->blocked = s.sigmask & ~SIG_UNBLOCKABLE;
	if (s.robust_list != t->robust_list) {
		t->robust_list = s.robust_list;
		t->robust_len = 24; /* sizeof(struct robust_list_head), the only length the call takes */
	}
}

bool task_stub_serves(void)
{
	return !table->sees_every_call();
}

bool task_exit_early(struct task *t)
{
	struct task *self = current;
	struct trap trap;

	if (!platform_ctx_stopped_at(t->ctx, NR_EXIT, &t->regs, &trap))
		return false;
	current = t;
	t->in_guest = false;
	task_served_get(t);
	t->syscall_nr = (long)t->regs.orig_rax;
	table->dispatch(t);
	task_do_exit(t);
	current = self;
	return true;
}

void task_run(void *arg)
{
	struct task *t = arg;
	struct trap trap;
	/* Its creator started its guest code (task_clone): its first switch waits for the first trap. */
	bool running = t->in_guest;

	current = t;
	platform_load(1);
	kernel_lock();
	if (t->ctx) {
		int r;

		/*
		 * This thread started on the task's CPU (task_start); its stub
		 * thread joins it before the first of the stops attaching takes.
		 */
		platform_ctx_pin(t->ctx, t->start_cpu);
		r = platform_ctx_attach(t->ctx);

		if (r < 0) {
			log_msg("cannot attach to a new stub: %d", r);
			tg_group_exit(t->tg, LINUX_SIGKILL);
			t->state = TASK_EXITING;
		} else {
			task_set_comm(t, t->comm);
			/* A forked child has an address space of its own: it shows its own pid. */
			if (t->tid == t->tg->tgid)
				task_set_host_title(t);
		}
	}
	if (t->first_exec) {
		int r = run_first_exec(t);

		/* As shells do: 127 for a missing program, 126 for one that cannot be run. */
		if (r < 0) {
			tg_group_exit(t->tg, (r == -ENOENT || r == -ENOTDIR ? 127 : 126) << 8);
			t->state = TASK_EXITING;
		}
	}
	for (;;) {
		if (!running) {
			signal_deliver(t, NULL, false);
			if (t->state != TASK_RUNNING)
				break;
			t->in_guest = true;
			task_served_put(t, task_stub_serves());
		}
		running = false;
		kernel_unlock();
		platform_switch(t->ctx, &t->regs, &trap);
		kernel_lock();
		t->in_guest = false;
		/* The stub may have served rt_sigprocmask and set_robust_list calls. */
		if (trap.kind != TRAP_DEAD)
			task_served_get(t);
		switch (trap.kind) {
		case TRAP_SYSCALL: {
			long ret;

			t->syscall_nr = (long)t->regs.orig_rax;
			ret = table->dispatch(t);
			if (t->state != TASK_RUNNING)
				break;
			if (t->syscall_nr >= 0)
				t->regs.rax = (uint64_t)ret;
			signal_deliver(t, NULL, true);
			t->syscall_nr = -1;
			break;
		}
		case TRAP_FAULT:
			signal_force(t, &trap.info);
			break;
		case TRAP_INTERRUPT:
			break;
		case TRAP_DEAD:
			log_debug("task %d: its stub died", t->tid);
			tg_group_exit(t->tg, LINUX_SIGKILL);
			t->state = TASK_EXITING;
			break;
		}
		if (t->state != TASK_RUNNING)
			break;
	}
	task_do_exit(t);
	kernel_unlock();
	platform_load(-1);
}
