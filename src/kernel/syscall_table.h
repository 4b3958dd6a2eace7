/* SPDX-License-Identifier: MIT */
/*
 * How the run loop reaches syscall handlers without depending on them:
 * syscalls/table.c registers its dispatcher at start-up (gVisor's
 * kernel.RegisterSyscallTable), so the arrow points from syscalls/ to kernel/.
 */
#ifndef KERNEL_SYSCALL_TABLE_H
#define KERNEL_SYSCALL_TABLE_H
#include <stdbool.h>

struct task;

struct syscall_table {
	/* Serves the syscall in t->regs; returns the result (or -ERESTART*). */
	long (*dispatch)(struct task *t);
	/* Whether every call must reach dispatch (--strace): the platform may serve none itself. */
	bool (*sees_every_call)(void);
};

void kernel_register_syscalls(const struct syscall_table *table);

#endif
