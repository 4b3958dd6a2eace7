/* SPDX-License-Identifier: MIT */
/*
 * Tasks (guest threads) and thread groups (guest processes).
 *
 * Lock order: everything here is protected by kernel_lock (kernel/kernel.h).
 * A task is driven by exactly one host thread (the one running task_run),
 * which is also the only thread that touches task->ctx.
 */
#ifndef KERNEL_TASK_H
#define KERNEL_TASK_H
#include <stdbool.h>
#include <stdint.h>
#include "abi/regs.h"
#include "abi/sched.h"
#include "abi/signal.h"
#include "kernel/kernel.h"
#include "lib/list.h"

struct mm;
struct fdtable;
struct fs_info;
struct file;
struct platform_ctx;
struct tty;

struct cred {
	uint32_t uid, euid, suid, fsuid;
	uint32_t gid, egid, sgid, fsgid;
	int ngroups;
	uint32_t groups[32];
};

struct sigqueue {
	struct list_head link;
	struct linux_siginfo info;
};

struct sigpending {
	linux_sigset_t set;
	struct list_head queue; /* struct sigqueue, in arrival order */
};

struct sighand {
	int refs;
	struct linux_sigaction action[LINUX_NSIG];
};

enum tg_state {
	TG_ALIVE,
	TG_ZOMBIE, /* exited, waiting for the parent's wait */
	TG_DEAD,   /* reaped */
};

struct thread_group {
	int tgid;
	int refs;
	struct list_head threads; /* struct task.tg_link */
	int nr_threads;
	struct list_head all_link; /* all thread groups */

	struct thread_group *parent;
	struct list_head children; /* struct thread_group.sibling */
	struct list_head sibling;
	struct waitq child_wait; /* this process's wait4/waitid sleep here */

	struct sighand *sighand;
	struct sigpending shared_pending;

	int pgid, sid;
	struct tty *ctty; /* controlling terminal (fs/tty), shared by the session's processes */
	int tty_old_pgrp; /* a session leader's foreground group when its tty hung up: SIGHUP at its exit */
	struct cred cred;
	struct linux_rlimit rlim[LINUX_RLIM_NLIMITS];
	int exit_signal;   /* sent to the parent when this process ends */
	bool subreaper;
	bool did_exec;	   /* setpgid by the parent is EACCES after this */
	bool undumpable;   /* PR_SET_DUMPABLE 0 */
	int nice;	   /* setpriority: kept and reported only */
	int64_t maxrss_kb; /* peak resident size, recorded at exit */
	int64_t children_maxrss_kb;

	enum tg_state state;
	bool group_exit;   /* exit_group or a fatal signal is in progress */
	int exit_status;   /* wait status word */
	/* Group stop. */
	bool stopped;
	int stop_sig;
	bool report_stop, report_cont; /* for WUNTRACED / WCONTINUED */

	struct ktimer itimer_real;
	int64_t itimer_real_interval;
	/* ITIMER_VIRTUAL [0] and ITIMER_PROF [1]: deadlines in process CPU ns (0: off), sampled. */
	int64_t itimer_cpu_deadline[2], itimer_cpu_interval[2];
	struct ktimer itimer_cpu_poll;
	struct list_head posix_timers; /* posix_timer.c, sorted by id */

	/* Accounting (ns): finished threads of this group, and reaped children. */
	int64_t dead_threads_ns;
	int64_t children_ns;
	int64_t start_boot_ns;
	struct waitq vfork_wait; /* a vfork parent sleeps here */
	struct waitq signalfd_wait; /* woken whenever a signal is queued for the process */
	struct waitq exit_wait;	    /* woken when the process exits (pidfd) */
	int sched_policy, sched_prio;
	uint64_t cap_effective, cap_permitted, cap_inheritable;
	uint32_t personality;
};

enum task_state {
	TASK_RUNNING,
	TASK_EXITING,
	TASK_DEAD,
};

struct task {
	int tid;
	struct thread_group *tg;
	struct list_head tg_link;
	enum task_state state;

	struct platform_ctx *ctx;
	struct regs regs;
	struct mm *mm;
	struct fs_info *fs;
	struct fdtable *files;

	linux_sigset_t blocked;
	linux_sigset_t saved_mask; /* restored after sigsuspend/pselect/ppoll */
	linux_sigset_t real_blocked; /* the mask sigtimedwait lifted for its wait (Linux real_blocked) */
	bool restore_mask;
	struct sigpending pending;
	struct linux_stack altstack;
	int pdeathsig;
	long syscall_nr;	  /* the syscall being served, for restarts */
	struct linux_timespec restart_ts; /* nanosleep restart state */
	int restart_clock, restart_flags;

	uaddr_t clear_child_tid;
	uaddr_t robust_list;
	uint64_t robust_len;
	char comm[16];

	/* Sleeping and kicking. */
	int wakefd;	 /* host eventfd: task_wake writes it */
	bool woken;
	bool in_guest;	 /* running guest code: kick the platform to interrupt */
	bool sleeping;

	/* vfork: the child marks its parent's vfork_done when it execs or exits. */
	int vfork_parent_tid;
	int vfork_child_tid;
	bool vfork_done;

	uint64_t cpumask;	 /* sched_setaffinity (not applied to host threads) */
	int start_cpu;		 /* the host CPU it starts on: its creator's (platform_ctx_pin) */
	int forced_sig;	 /* a synchronous fault being forced (kills even init) */
	void *first_exec; /* init only: the program to exec on its own thread */
	struct ktimer sleep_timer;
	int64_t start_boot_ns;
	int64_t cpu_ns_at_exit;
};

/* The task this host thread drives. */
extern __thread struct task *current;

/* Global tables (pid.c). */
extern struct list_head all_thread_groups;
int pid_alloc(void);
void pid_free(int pid);
/* Lookups return NULL when there is no such task. */
struct task *task_by_tid(int tid);
struct thread_group *tg_by_tgid(int tgid);
void pid_register_task(struct task *t);
void pid_unregister_task(struct task *t);
int nr_running_processes(void);

/* posix_timer.c: timer_create(2) and friends. notify is Linux's sigev_notify. */
#define PTIMER_SIGNAL 0	   /* SIGEV_SIGNAL: signo to the process */
#define PTIMER_NONE 1	   /* SIGEV_NONE: no notification */
#define PTIMER_THREAD_ID 4 /* SIGEV_THREAD_ID: signo to thread tid of the process */
struct ptimer_event {
	int notify, signo, tid;
	uint64_t value; /* si_value */
};
/* A new timer's id; ev NULL is SIGEV_SIGNAL with SIGALRM and the id as value. */
long ptimer_create(struct task *t, int clock, const struct ptimer_event *ev);
/* Times in ns; value relative to now unless absolute (on the timer's clock). */
long ptimer_settime(struct task *t, int id, bool absolute, int64_t value, int64_t interval, int64_t *old_value,
		    int64_t *old_interval);
long ptimer_gettime(struct task *t, int id, int64_t *value, int64_t *interval);
long ptimer_getoverrun(struct task *t, int id);
long ptimer_delete(struct task *t, int id);
/* exec and exit. */
void ptimer_release_all(struct thread_group *tg);

/* task.c */
struct task *task_alloc(void);
struct thread_group *tg_alloc(void);
void task_free(struct task *t);
void tg_put(struct thread_group *tg);
/* Starts the host thread that runs t (task_run). */
int task_start(struct task *t);
/*
 * The first process: runs PROGRAM as pid 1 with the given stdio files (taken;
 * NULL entries stay closed) and credentials. Returns -errno on failure.
 */
int task_start_init(const char *path, char *const argv[], char *const envp[], struct file *stdio[3],
		    const char *cwd, const struct cred *cred);
/* The init process's wait status once it has exited (main thread waits for it). */
int task_wait_init(void);
/* Called when init has exited with the given wait status. */
void task_init_exited(int status);
void task_set_comm(struct task *t, const char *name);
/*
 * Gives the host process of t's address space the command line
 * "ukern:GUEST[PID] ARGV..." for host ps. t must be current, after exec or fork.
 */
void task_set_host_title(struct task *t);
int64_t task_cpu_ns(struct task *t);
int64_t tg_cpu_ns(struct thread_group *tg);
bool tg_is_orphaned_pgrp(int pgid);
/* As if gone had exited and its children belonged to reaper. */
bool tg_pgrp_orphaned_without(int pgid, struct thread_group *gone, struct thread_group *reaper);

/* task_run.c: the run loop of a task's host thread. */
void task_run(void *arg);
/*
 * The state t's stub may serve calls on while t's guest code runs
 * (platform_served_put): given before each switch, taken back after it (and
 * by others while t runs, for its signal mask).
 */
void task_served_put(struct task *t, bool serve);
void task_served_get(struct task *t);
/* Whether stubs may serve calls at all: not while every call must be seen (--strace). */
bool task_stub_serves(void);
/*
 * A thread its creator started running (task_clone) may have lived its whole
 * life before the creator's clone returns: stopped already at a plain exit.
 * Then the creator's host thread serves that exit (true, and t is gone): t
 * needs no host thread of its own, and a join finds it done.
 */
bool task_exit_early(struct task *t);

/* task_clone.c */
long task_clone(struct task *t, const struct linux_clone_args *args);

/* task_exec.c */
long task_execve(struct task *t, int dirfd, const char *path, char **argv, char **envp, int flags);

/* task_exit.c */
/* Ends the calling task (exit(2)); does not return to the guest. */
void task_exit(struct task *t, int status);
/* Starts a group exit of t's process with the given wait status. */
void tg_group_exit(struct thread_group *tg, int status);
/* Called by the run loop once t must end. */
void task_do_exit(struct task *t);

/* task_wait.c */
long task_wait(struct task *t, int idtype, int id, int options, int *status, struct linux_siginfo *info,
	       struct linux_rusage *ru);

/* futex.c */
long futex_op(struct task *t, uaddr_t uaddr, int op, uint32_t val, uaddr_t utime, uaddr_t uaddr2, uint32_t val3);
/* Runs at thread exit: the robust list and clear_child_tid. */
void futex_exit(struct task *t);
/* task_exit.c: wakes a vfork parent once the child has exec'd or exited. */
void task_vfork_release(struct task *t);

/* Credentials helpers */
bool cred_is_root(const struct cred *c);

#endif
