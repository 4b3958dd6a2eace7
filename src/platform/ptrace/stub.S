/* SPDX-License-Identifier: MIT */
/* The stub's fixed entry points (see stub_layout.h) and the zygote's _start. */
#include "stub_layout.h"

	.section .text.entry, "ax"
	.globl _start
	.org 0x0
stub_syscall:
	syscall
	jmp stub_done
	.org 0x10
stub_clone:
	syscall
	test %rax, %rax
	jnz stub_done
	jmp stub_park
	.org 0x40
stub_park:
	mov $34, %eax	/* pause */
	syscall
	jmp stub_park
	.org 0x80
_start:
	lea zygote_stack_top(%rip), %rsp
	call zygote_main
	mov $60, %eax
	xor %edi, %edi
	syscall
	hlt
	/*
	 * mmap of a file ukern passes over STUB_FD_PASS, in one stop instead of
	 * three: recvmsg(STUB_FD_PASS, STUB_PASS_MSG, MSG_CMSG_CLOEXEC), then
	 * mmap(rdi, rsi, rdx, r10, fd, r9), then close(fd); rax = mmap's result
	 * (or recvmsg's error). The kernel keeps every register but rax, rcx, r11.
	 */
	.org 0x100
stub_mmap_fd:
	mov %rdi, %r12
	mov %rsi, %r13
	mov %rdx, %r14
	mov $47, %eax			/* recvmsg */
	mov $STUB_FD_PASS, %edi
	movabs $STUB_PASS_MSG, %rsi
	mov $0x40000000, %edx		/* MSG_CMSG_CLOEXEC */
	syscall
	test %rax, %rax
	js 1f
	movabs $STUB_PASS_FD, %rax
	movslq (%rax), %r8		/* the fd (-1 if none came: mmap fails EBADF) */
	mov %r12, %rdi
	mov %r13, %rsi
	mov %r14, %rdx
	mov $9, %eax			/* mmap */
	syscall
	mov %rax, %r12
	mov %r8, %rdi
	mov $3, %eax			/* close */
	syscall
	mov %r12, %rax
1:	jmp stub_done
	/*
	 * A read from a host file ukern passes over STUB_FD_PASS into guest
	 * memory, one copy as the host's own read(2): recvmsg as above, then
	 * pread64(fd, rsi, rdx, r10), then close(fd); rax = pread64's result (or
	 * recvmsg's error).
	 */
	.org 0x200
stub_pread_fd:
	mov %rsi, %r12
	mov %rdx, %r13
	mov $47, %eax			/* recvmsg */
	mov $STUB_FD_PASS, %edi
	movabs $STUB_PASS_MSG, %rsi
	mov $0x40000000, %edx		/* MSG_CMSG_CLOEXEC */
	syscall
	test %rax, %rax
	js 1f
	movabs $STUB_PASS_FD, %rax
	movslq (%rax), %rdi		/* the fd (-1 if none came: EBADF) */
	mov %rdi, %r14
	mov %r12, %rsi
	mov %r13, %rdx
	mov $17, %eax			/* pread64 */
	syscall
	mov %rax, %r12
	mov %r14, %rdi
	mov $3, %eax			/* close */
	syscall
	mov %r12, %rax
1:	jmp stub_done
	/*
	 * Every trampoline ends here: the result goes to rdi and the STUB_DONE
	 * syscall, which the zygote's filter answers with SECCOMP_RET_TRACE, stops
	 * the stub for ukern (a cheaper stop than int3's SIGTRAP). Without a
	 * tracer that asked for seccomp stops it fails with ENOSYS, and int3 stops.
	 */
	.org 0x280
stub_done:
	mov %rax, %rdi
	mov $STUB_DONE_NR, %eax
	syscall
	int3
	.org 0x2c0

	.section .bss
	.balign 16
zygote_stack:
	.skip 65536
zygote_stack_top:
	.section .note.GNU-stack, "", @progbits
