/* SPDX-License-Identifier: MIT */
/*
 * Fixed layout of the stub image, shared by the stub (stub.S, zygote.c,
 * systrap.c) and both platforms. The stub lives above the guest's address
 * space (GUEST_TASK_SIZE), so guest mmap/mprotect/munmap can never reach it.
 */
#ifndef PLATFORM_STUB_STUB_LAYOUT_H
#define PLATFORM_STUB_STUB_LAYOUT_H

#define STUB_BASE 0x7fd000000000
#define STUB_TEXT_SIZE 0x100000		/* the seccomp filter allows host syscalls only from here */
#define STUB_SYSCALL (STUB_BASE + 0x0)	/* syscall; STUB_DONE */
#define STUB_CLONE (STUB_BASE + 0x10)	/* syscall; child: park, parent: STUB_DONE */
#define STUB_PARK (STUB_BASE + 0x40)	/* pause() forever */
#define STUB_MMAP_FD (STUB_BASE + 0x100)	/* recvmsg an fd, mmap it, close it; STUB_DONE */
#define STUB_PREAD_FD (STUB_BASE + 0x200) /* recvmsg an fd, pread64 from it, close it; STUB_DONE */
#define STUB_PWRITE_FD (STUB_BASE + 0x240) /* the same with pwrite64 */
#define STUB_DONE (STUB_BASE + 0x280)	/* rdi = rax; syscall STUB_DONE_NR (a seccomp stop); int3 */
#define STUB_DONE_NR 0x7ff		 /* no Linux syscall has this number */
#define STUB_DATA (STUB_BASE + 0x100000) /* scratch page for injected calls */
#define STUB_DATA_SIZE 0x1000
/*
 * STUB_MMAP_FD's message in the scratch page, built by ukern: the msghdr at
 * STUB_DATA, its iovec, its one byte, and the SCM_RIGHTS control buffer whose
 * int (preset to -1) the stub passes to mmap.
 */
#define STUB_PASS_MSG (STUB_DATA + 0)
#define STUB_PASS_IOV (STUB_DATA + 64)
#define STUB_PASS_BYTE (STUB_DATA + 80)
#define STUB_PASS_CMSG (STUB_DATA + 96)
#define STUB_PASS_FD (STUB_PASS_CMSG + 16) /* CMSG_DATA of a struct cmsghdr at STUB_PASS_CMSG */
/* Host /proc/PID/cmdline of the stub: an anonymous page (Linux shows no file-backed cmdline). */
#define STUB_TITLE (STUB_BASE + 0x1ff000)
#define STUB_TITLE_SIZE 0x1000
/*
 * The seccomp platform's per-thread pages (sysmsg.h): a shared memfd, one
 * struct sysmsg per host thread, mapped by ukern too; and private signal
 * stacks, one per thread, whose address tells a handler which slot it is.
 */
#define STUB_MAX_THREADS 1024
#define STUB_SYSMSG (STUB_BASE + 0x400000)
#define SYSMSG_SIZE 0x1000
#define STUB_ALTSTACKS (STUB_BASE + 0x1000000)
#define ALTSTACK_SIZE 0x10000
#define STUB_END (STUB_BASE + 0x6000000)

#define STUB_FD_CTL 3  /* zygote: SOCK_SEQPACKET to ukern */
#define STUB_FD_PASS 4 /* every stub: SOCK_DGRAM for SCM_RIGHTS from ukern */
/*
 * every seccomp stub: its sysmsg memfd, kept so that its pread64/pwrite64 at
 * the page's `copy` word move guest memory with the host's EFAULT checks
 */
#define STUB_FD_MSG 5

/* Requests to the zygote (one byte on STUB_FD_CTL). */
#define ZYGOTE_PARK 1	 /* a child that parks for ptrace to seize */
#define ZYGOTE_SYSTRAP 2 /* a child running systrap: the fds of its pass socket and sysmsg memfd come along */

#endif
