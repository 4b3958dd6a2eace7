/* SPDX-License-Identifier: MIT */
/* The guest's pid namespace: pid allocation and lookup of tasks and processes. */
#include "abi/errno.h"
#include "kernel/task.h"
#include "lib/kstd.h"

#define PID_MAX 32768

static struct task *tasks[PID_MAX];
static int last_pid;
struct list_head all_thread_groups = LIST_HEAD_INIT(all_thread_groups);
static bool used[PID_MAX];

int pid_alloc(void)
{
	int i, p;

	for (i = 1; i < PID_MAX; i++) {
		p = (last_pid + i) % PID_MAX;
		if (p == 0 || used[p])
			continue;
		used[p] = true;
		last_pid = p;
		return p;
	}
	return -EAGAIN;
}

void pid_free(int pid)
{
	if (pid > 0 && pid < PID_MAX)
		used[pid] = false;
}

void pid_register_task(struct task *t)
{
	tasks[t->tid] = t;
}

void pid_unregister_task(struct task *t)
{
	if (tasks[t->tid] == t)
		tasks[t->tid] = NULL;
}

struct task *task_by_tid(int tid)
{
	if (tid <= 0 || tid >= PID_MAX)
		return NULL;
	return tasks[tid];
}

struct thread_group *tg_by_tgid(int tgid)
{
	struct thread_group *tg;

	if (tgid <= 0 || tgid >= PID_MAX)
		return NULL;
	list_for_each_entry(tg, &all_thread_groups, all_link)
		if (tg->tgid == tgid && tg->state != TG_DEAD)
			return tg;
	return NULL;
}

int nr_running_processes(void)
{
	struct thread_group *tg;
	int n = 0;

	list_for_each_entry(tg, &all_thread_groups, all_link)
		if (tg->state == TG_ALIVE)
			n++;
	return n;
}
