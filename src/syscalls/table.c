/* SPDX-License-Identifier: MIT */
/*
 * The table built from syscalls.def, the dispatcher the run loop calls
 * through kernel/syscall_table.h, and the ENOSYS-and-log path (sys_ni).
 */
#include <string.h>
#include "abi/errno.h"
#include "kernel/syscall_table.h"
#include "kernel/task.h"
#include "lib/log.h"
#include "syscalls/syscalls.h"

#define SYSCALL(nr, name_, fn_, status_, args_, note_) [nr] = { #name_, fn_, status_, args_, note_ },
const struct syscall_info syscall_table[NR_SYSCALLS] = {
#include "syscalls/syscalls.def"
};
#undef SYSCALL

static unsigned char logged[NR_SYSCALLS + 1];

long sys_ni(struct task *t, const struct syscall_args *a)
{
	(void)t;
	(void)a;
	return -ENOSYS;
}

long sys_unimplemented(struct task *t, long nr)
{
	long idx = nr >= 0 && nr < NR_SYSCALLS ? nr : NR_SYSCALLS;

	if (!logged[idx]) {
		logged[idx] = 1;
		if (nr >= 0 && nr < NR_SYSCALLS && syscall_table[nr].name)
			log_msg("unimplemented syscall %ld (%s) from pid %d (%s): ENOSYS", nr, syscall_table[nr].name,
				t->tid, t->comm);
		else
			log_msg("unknown syscall %ld from pid %d (%s): ENOSYS", nr, t->tid, t->comm);
	}
	return -ENOSYS;
}

static long dispatch(struct task *t)
{
	long nr = (long)t->regs.orig_rax, r;
	struct syscall_args a = { { t->regs.rdi, t->regs.rsi, t->regs.rdx, t->regs.r10, t->regs.r8, t->regs.r9 } };
	const struct syscall_info *si = nr >= 0 && nr < NR_SYSCALLS ? &syscall_table[nr] : NULL;

	if (strace_on)
		strace_enter(t, nr, &a);
	if (!si || !si->fn || si->status == ENOSYS_)
		r = sys_unimplemented(t, nr);
	else
		r = si->fn(t, &a);
	if (strace_on && t->state == TASK_RUNNING)
		strace_exit(t, nr, &a, r);
	return r;
}

static bool sees_every_call(void)
{
	return strace_on;
}

static const struct syscall_table table = { .dispatch = dispatch, .sees_every_call = sees_every_call };

void syscall_table_register(void)
{
	kernel_register_syscalls(&table);
}
