/* SPDX-License-Identifier: MIT */
/* Task and thread group objects, the init process, CPU accounting. */
#include <string.h>
#include "abi/errno.h"
#include "fs/vfs/vfs.h"
#include "host/host.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/err.h"
#include "fs/tty/tty.h"
#include "lib/kstd.h"
#include "lib/log.h"
#include "mm/mm.h"
#include "mm/uaccess.h"
#include "platform/platform.h"

static struct waitq init_wait;
static bool init_done;
static int init_status;

struct task *task_alloc(void)
{
	struct task *t = kzalloc(sizeof(*t));

	t->wakefd = host_eventfd();
	if (t->wakefd < 0)
		panic("eventfd: %d", t->wakefd);
	list_init(&t->pending.queue);
	list_init(&t->tg_link);
	t->altstack.ss_flags = LINUX_SS_DISABLE;
	t->start_boot_ns = clock_boot_ns();
	t->cpumask = ~0ULL;
	return t;
}

void task_free(struct task *t)
{
	struct sigqueue *q, *n;

	list_for_each_entry_safe(q, n, &t->pending.queue, link)
		kfree(q);
	host_close(t->wakefd);
	kfree(t);
}

struct thread_group *tg_alloc(void)
{
	struct thread_group *tg = kzalloc(sizeof(*tg));

	tg->refs = 1;
	list_init(&tg->threads);
	list_init(&tg->children);
	list_init(&tg->sibling);
	list_init(&tg->shared_pending.queue);
	list_init(&tg->posix_timers);
	waitq_init(&tg->child_wait);
	waitq_init(&tg->vfork_wait);
	waitq_init(&tg->signalfd_wait);
	waitq_init(&tg->exit_wait);
	tg->exit_signal = LINUX_SIGCHLD;
	tg->start_boot_ns = clock_boot_ns();
	list_add_tail(&tg->all_link, &all_thread_groups);
	return tg;
}

void tg_put(struct thread_group *tg)
{
	struct sigqueue *q, *n;

	if (--tg->refs > 0)
		return;
	list_for_each_entry_safe(q, n, &tg->shared_pending.queue, link)
		kfree(q);
	tty_put(tg->ctty);
	if (tg->sighand && --tg->sighand->refs == 0)
		kfree(tg->sighand);
	list_del(&tg->all_link);
	kfree(tg);
}

bool cred_is_root(const struct cred *c)
{
	return c->euid == 0;
}

void task_set_comm(struct task *t, const char *name)
{
	char hostname[16], copy[16];

	strncpy(copy, name, sizeof(copy) - 1);
	copy[15] = 0;
	memset(t->comm, 0, sizeof(t->comm));
	memcpy(t->comm, copy, sizeof(copy));
	/* Host ps shows "u<pid>:<comm>" for the stub thread. */
	ksnprintf(hostname, sizeof(hostname), "u%d:%s", t->tid, t->comm);
	if (t->ctx && t == current)
		platform_set_name(t->ctx, hostname);
}

void task_set_host_title(struct task *t)
{
	char buf[1024];
	size_t n, len;

	/* A vfork child borrows its parent's address space (and title) until it execs. */
	if (!t->ctx || !t->mm || t->mm->refs != 1 || t != current)
		return;
	n = (size_t)ksnprintf(buf, sizeof(buf), "ukern:%s[%d]", kernel_guest_name, t->tg->tgid) + 1;
	len = t->mm->arg_end > t->mm->arg_start ? t->mm->arg_end - t->mm->arg_start : 0;
	if (len > sizeof(buf) - n - 1)
		len = sizeof(buf) - n - 1;
	if (len && copy_from_user(t->mm, buf + n, t->mm->arg_start, len) < 0)
		len = 0;
	/* A truncated last argument still ends in NUL; ps joins the rest with spaces. */
	while (len && buf[n + len - 1] == 0)
		len--;
	buf[n + len] = 0;
	platform_set_title(t->ctx, buf, n + len);
}

int64_t task_cpu_ns(struct task *t)
{
	long ns;

	if (t->state == TASK_DEAD || !t->ctx)
		return t->cpu_ns_at_exit;
	ns = platform_ctx_cpu_ns(t->ctx);
	return ns < 0 ? t->cpu_ns_at_exit : ns;
}

int64_t tg_cpu_ns(struct thread_group *tg)
{
	struct task *t;
	int64_t n = tg->dead_threads_ns;

	list_for_each_entry(t, &tg->threads, tg_link)
		n += task_cpu_ns(t);
	return n;
}

bool tg_pgrp_orphaned_without(int pgid, struct thread_group *gone, struct thread_group *reaper)
{
	struct thread_group *tg;

	/*
	 * Orphaned: no member has a parent in a different group of the same
	 * session. gone is a process that is exiting (not a member, and its
	 * children count as reaper's). Unlike Linux, init counts as a parent
	 * (fs/tty/tty_job.c says why).
	 */
	list_for_each_entry(tg, &all_thread_groups, all_link) {
		struct thread_group *p = tg->parent;

		if (tg->pgid != pgid || tg->state != TG_ALIVE || tg == gone)
			continue;
		if (p && p == gone)
			p = reaper;
		if (p && p->pgid != pgid && p->sid == tg->sid)
			return false;
	}
	return true;
}

bool tg_is_orphaned_pgrp(int pgid)
{
	return tg_pgrp_orphaned_without(pgid, NULL, NULL);
}

int task_start(struct task *t)
{
	/* On the CPU task_run pins the task to (platform_ctx_pin): it starts there. */
	return host_thread_start_on(task_run, t, t->start_cpu);
}

int task_start_init(const char *path, char *const argv[], char *const envp[], struct file *stdio[3],
		    const char *cwd, const struct cred *cred)
{
	struct thread_group *tg;
	struct task *t;
	int i;

	waitq_init(&init_wait);
	tg = tg_alloc();
	t = task_alloc();
	t->tid = pid_alloc();
	t->start_cpu = t->tid;
	tg->tgid = t->tid;
	tg->pgid = tg->sid = t->tid;
	tg->sighand = kzalloc(sizeof(*tg->sighand));
	tg->sighand->refs = 1;
	for (i = 0; i < LINUX_RLIM_NLIMITS; i++)
		tg->rlim[i].cur = tg->rlim[i].max = LINUX_RLIM_INFINITY;
	tg->rlim[LINUX_RLIMIT_STACK].cur = 8 << 20;
	tg->rlim[LINUX_RLIMIT_NOFILE].cur = 1024;
	tg->rlim[LINUX_RLIMIT_NOFILE].max = 1048576;
	tg->rlim[LINUX_RLIMIT_CORE].cur = 0;
	tg->rlim[LINUX_RLIMIT_NPROC].cur = tg->rlim[LINUX_RLIMIT_NPROC].max = 63536;
	tg->rlim[LINUX_RLIMIT_MEMLOCK].cur = tg->rlim[LINUX_RLIMIT_MEMLOCK].max = 8 << 20;
	t->tg = tg;
	list_add_tail(&t->tg_link, &tg->threads);
	tg->nr_threads = 1;
	pid_register_task(t);
	t->files = fdtable_new();
	t->fs = fs_info_new(&vfs_root);
	t->fs->umask = 022;
	tg->cred = *cred;
	if (cred->euid == 0)
		tg->cap_effective = tg->cap_permitted = 0x1ffffffffffULL;
	for (i = 0; i < 3; i++)
		if (stdio[i])
			fd_install_at(t, stdio[i], i, false);
	current = t;
	if (cwd && *cwd) {
		struct path p;
		int r = path_lookup(t, LINUX_AT_FDCWD, cwd, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &p, NULL);

		if (r < 0) {
			current = NULL;
			return r;
		}
		path_put(&t->fs->cwd);
		t->fs->cwd = p;
	}
	current = NULL;
	/* The exec path runs on the task's own host thread (task_run), it needs argv copied. */
	{
		struct init_args {
			char *path;
			char **argv, **envp;
		} *ia = kzalloc(sizeof(*ia));
		int n;

		ia->path = kstrdup(path);
		for (n = 0; argv[n]; n++)
			;
		ia->argv = kzalloc(sizeof(char *) * (size_t)(n + 1));
		for (i = 0; i < n; i++)
			ia->argv[i] = kstrdup(argv[i]);
		for (n = 0; envp[n]; n++)
			;
		ia->envp = kzalloc(sizeof(char *) * (size_t)(n + 1));
		for (i = 0; i < n; i++)
			ia->envp[i] = kstrdup(envp[i]);
		t->first_exec = ia; /* consumed by task_run: exec happens on the task's thread */
	}
	return task_start(t);
}

void task_init_exited(int status)
{
	init_status = status;
	init_done = true;
	waitq_wake_all(&init_wait);
}

int task_wait_init(void)
{
	struct task *waiter = task_alloc(); /* a sleeping identity for the main thread */
	struct waiter w;

	kernel_lock();
	waiter->state = TASK_RUNNING;
	while (!init_done) {
		waitq_add(&init_wait, &w, waiter);
		task_sleep(waiter, -1, NULL, 0, false);
		waitq_del(&w);
	}
	kernel_unlock();
	return init_status;
}
