/* SPDX-License-Identifier: MIT */
/*
 * Guest signals: sending, dequeuing, default actions, group stop, and the
 * x86-64 signal frame. Preconditions for all: kernel_lock held.
 */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H
#include <stdbool.h>
#include "abi/signal.h"

struct task;
struct thread_group;

/* Queues sig for the process (any thread may take it). info may be NULL (SI_KERNEL). */
int signal_send_tg(struct thread_group *tg, int sig, const struct linux_siginfo *info);
/* Queues sig for one thread. */
int signal_send_task(struct task *t, int sig, const struct linux_siginfo *info);
/* A synchronous fault: delivered even if blocked or ignored (then it kills). */
void signal_force(struct task *t, const struct linux_siginfo *info);
/* Fills a SI_USER siginfo from the sender. */
void signal_info_user(struct linux_siginfo *info, int sig, int code);

/* t's signal mask now (for another task than current: its guest code may be changing it). */
linux_sigset_t signal_blocked(struct task *t);
/* True when t must leave a sleep: a deliverable signal, a group exit or stop. */
bool signal_pending(struct task *t);
/* Wakes or kicks t so that it notices new signal state. */
void signal_wake(struct task *t);

/*
 * Called by the run loop before returning to guest code: handles group
 * exit/stop, dequeues and delivers signals (building frames). sysret is the
 * result of the syscall just served (or 0) and is used for restarts.
 */
void signal_deliver(struct task *t, long *sysret, bool in_syscall);
/* rt_sigreturn(2): restores the frame. Returns the restored rax. */
long signal_sigreturn(struct task *t);
/* Resets handled dispositions to SIG_DFL on execve. */
void signal_exec_reset(struct task *t);
/* Dequeues a signal in set for sigtimedwait. Returns signo or 0. */
int signal_dequeue(struct task *t, linux_sigset_t set, struct linux_siginfo *info);
linux_sigset_t signal_pending_set(struct task *t);
/* Notifies a parent of a child's stop/continue (SIGCHLD + waiters). */
void signal_notify_parent_stop(struct thread_group *tg, int why, int sig);

#define SIG_KERNEL_ONLY(s) ((s) == LINUX_SIGKILL || (s) == LINUX_SIGSTOP)
#define SIG_STOP_MASK (SIGBIT(LINUX_SIGSTOP) | SIGBIT(LINUX_SIGTSTP) | SIGBIT(LINUX_SIGTTIN) | SIGBIT(LINUX_SIGTTOU))
#define SIG_UNBLOCKABLE (SIGBIT(LINUX_SIGKILL) | SIGBIT(LINUX_SIGSTOP))

#endif
