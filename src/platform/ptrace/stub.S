/* SPDX-License-Identifier: MIT */
/* The stub's fixed entry points (see stub_layout.h) and the zygote's _start. */
#include "stub_layout.h"

	.section .text.entry, "ax"
	.globl _start
	.org 0x0
stub_syscall:
	syscall
	int3
	.org 0x10
stub_clone:
	syscall
	test %rax, %rax
	jnz 1f
	jmp stub_park
1:	int3
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
1:	int3
	.org 0x200

	.section .bss
	.balign 16
zygote_stack:
	.skip 65536
zygote_stack_top:
	.section .note.GNU-stack, "", @progbits
