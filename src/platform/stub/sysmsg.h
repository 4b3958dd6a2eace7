/* SPDX-License-Identifier: MIT */
/*
 * The seccomp platform's message page: one per stub host thread, in memory
 * shared by the stub (at STUB_SYSMSG + slot * SYSMSG_SIZE) and ukern. The
 * guest can write it (it is the guest's process), so ukern trusts nothing it
 * reads here beyond what the guest could do to itself.
 *
 * Hand-off: `state` is a futex word. While the stub thread runs (guest code or
 * a command) it holds its host tid | FUTEX_WAITERS, and the word is on the
 * thread's robust futex list, so if the thread dies the host kernel marks it
 * FUTEX_OWNER_DIED and wakes ukern. When the stub stops it stores 0 and wakes
 * ukern; ukern answers by storing the tid | FUTEX_WAITERS again.
 */
#ifndef PLATFORM_STUB_SYSMSG_H
#define PLATFORM_STUB_SYSMSG_H
#include <stdint.h>
#include "stub_layout.h"

#define SYSMSG_WAITERS 0x80000000u    /* FUTEX_WAITERS */
#define SYSMSG_OWNER_DIED 0x40000000u /* FUTEX_OWNER_DIED */
#define SYSMSG_FRESH 0xffffffffu       /* set by ukern before a thread's first stop */
#define SIGMASK_UNBLOCKABLE ((1ULL << 8) | (1ULL << 18)) /* SIGKILL, SIGSTOP */

enum sysmsg_trap {
	SYSMSG_TRAP_SYSCALL = 1, /* SIGSYS from seccomp: regs[ORIG_RAX] is the number */
	SYSMSG_TRAP_FAULT,	 /* a synchronous fault: info holds its siginfo */
	SYSMSG_TRAP_INTERRUPT,	 /* the kick signal, or a signal from outside */
	SYSMSG_TRAP_DONE,	 /* a command finished: ret holds its result */
};

enum sysmsg_cmd {
	SYSMSG_CMD_RESUME = 1, /* load regs and run guest code */
	SYSMSG_CMD_SYSCALL,    /* ret = syscall nr(args) */
	SYSMSG_CMD_FD_SYSCALL, /* receive an fd on STUB_FD_PASS, put it in args[fd_arg], syscall, close it */
	SYSMSG_CMD_THREAD,     /* ret = tid of a new host thread in slot args[0], with the stopped frame's FPU
				  state; args[1]: it starts running (its page's start), so mark its state word */
	SYSMSG_CMD_FORK,       /* ret = pid of a copy of this process; its pass socket and sysmsg memfd come on STUB_FD_PASS */
	SYSMSG_CMD_EXIT,       /* end this host thread */
};

#define SYSMSG_NREGS 27	      /* struct regs / user_regs_struct */
#define SYSMSG_SCRATCH 2048

struct sysmsg {
	uint32_t state;
	uint32_t clear_tid;	  /* CLONE_CHILD_CLEARTID: the host zeroes it when the thread is gone */
	uint32_t trap;		  /* enum sysmsg_trap */
	uint32_t cmd;		  /* enum sysmsg_cmd */
	uint32_t stub_sleeps;	  /* the stub waits in FUTEX_WAIT: wake it */
	uint32_t ukern_sleeps;	  /* ukern waits in FUTEX_WAIT: wake it */
	uint32_t spin;		  /* how many polls before sleeping (set by ukern) */
	uint32_t name_set;	  /* set by ukern: the stub does prctl(PR_SET_NAME, name) at its next resume */
	uint32_t serve;		  /* set by ukern: the stub serves rt_sigprocmask, set_robust_list, madvise(DONTNEED) */
	uint32_t start;		  /* set by ukern: at its first stop a new thread resumes at once (cmd, regs) */
	/*
	 * The guest thread's signal mask while guest code runs (ukern's copy is
	 * current only while ukern has the thread), and a superset of the
	 * signals pending for it: a mask change that unblocks one of those
	 * stops for ukern. The stub stores sigmask before it loads sigpending;
	 * ukern adds to sigpending before it loads sigmask; so one of the two
	 * always sees the other's store.
	 */
	uint64_t sigmask;
	uint64_t sigpending;
	uint64_t robust_list;	  /* the guest's set_robust_list head */
	uint64_t copy;		  /* the stub's bounce word for guest memory (STUB_FD_MSG) */
	uint64_t robust_head[3];  /* struct robust_list_head: list.next, futex_offset, list_op_pending */
	uint64_t robust_entry;	  /* the list's one entry; its next points back at the head */
	uint64_t fpregs;	  /* stub address of the stopped frame's XSAVE area */
	uint64_t nr;
	uint64_t args[6];
	uint64_t fd_arg;
	int64_t ret;
	char name[16];		  /* the host thread's name (name_set) */
	uint64_t regs[SYSMSG_NREGS];
	uint8_t info[128];
	uint8_t scratch[SYSMSG_SCRATCH];
};

_Static_assert(sizeof(struct sysmsg) <= SYSMSG_SIZE, "sysmsg fits its page");

static inline struct sysmsg *sysmsg_at(uint64_t base, unsigned slot)
{
	return (struct sysmsg *)(base + (uint64_t)slot * SYSMSG_SIZE);
}

#endif
