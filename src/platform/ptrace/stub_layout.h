/* SPDX-License-Identifier: MIT */
/*
 * Fixed layout of the stub image, shared by stub.S, zygote.c and ptrace.c.
 * The stub lives above the guest's address space (GUEST_TASK_SIZE), so guest
 * mmap/mprotect/munmap can never reach it.
 */
#ifndef PLATFORM_PTRACE_STUB_LAYOUT_H
#define PLATFORM_PTRACE_STUB_LAYOUT_H

#define STUB_BASE 0x7fd000000000
#define STUB_SYSCALL (STUB_BASE + 0x0)	/* syscall; int3 */
#define STUB_CLONE (STUB_BASE + 0x10)	/* syscall; child: park, parent: int3 */
#define STUB_PARK (STUB_BASE + 0x40)	/* pause() forever */
#define STUB_DATA (STUB_BASE + 0x100000) /* scratch page for injected calls */
#define STUB_DATA_SIZE 0x1000
/* Host /proc/PID/cmdline of the stub: an anonymous page (Linux shows no file-backed cmdline). */
#define STUB_TITLE (STUB_BASE + 0x1ff000)
#define STUB_TITLE_SIZE 0x1000
#define STUB_END (STUB_BASE + 0x200000)

#define STUB_FD_CTL 3  /* zygote: SOCK_SEQPACKET to ukern */
#define STUB_FD_PASS 4 /* every stub: SOCK_DGRAM for SCM_RIGHTS from ukern */

#endif
