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
	mov %rsp, %rdi			/* argc, argv, envp, auxv: zygote_main reads AT_HWCAP2 */
	lea zygote_stack_top(%rip), %rsp
	call zygote_main
	mov $60, %eax
	xor %edi, %edi
	syscall
	hlt
	/*
	 * mmap of a file ukern passes over STUB_FD_PASS, in one stop instead of
	 * three: the fd (stub_recv_fd), then mmap(rdi, rsi, rdx, r10, fd, r9),
	 * then close(fd); rax = mmap's result (or recvmsg's error). The kernel
	 * keeps every register but rax, rcx, r11.
	 */
	.org 0x100
stub_mmap_fd:
	mov %rdi, %r12
	mov %rsi, %r13
	mov %rdx, %r14
	lea 1f(%rip), %r15
	jmp stub_recv_fd
1:	mov %r12, %rdi			/* r8 is the fd */
	mov %r13, %rsi
	mov %r14, %rdx
	mov $9, %eax			/* mmap */
	jmp stub_call_close
	/*
	 * A read from a host file ukern passes over STUB_FD_PASS into guest
	 * memory, one copy as the host's own read(2): the fd, then
	 * pread64(fd, rsi, rdx, r10), then close(fd); rax = pread64's result (or
	 * recvmsg's error).
	 */
	.org 0x200
stub_pread_fd:
	mov $17, %r14d			/* pread64 */
	jmp stub_rw_fd
	/* The same with pwrite64(fd, rsi, rdx, r10): guest memory into a host file. */
	.org 0x240
stub_pwrite_fd:
	mov $18, %r14d			/* pwrite64 */
stub_rw_fd:
	mov %rsi, %r12
	mov %rdx, %r13
	lea 1f(%rip), %r15
	jmp stub_recv_fd
1:	mov %r8, %rdi
	mov %r12, %rsi
	mov %r13, %rdx
	mov %r14, %rax
	jmp stub_call_close
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
	/*
	 * The fd trampolines' common parts. They jump rather than call: the stack
	 * is the guest's, and below its pointer lies its red zone.
	 * stub_recv_fd: recvmsg(STUB_FD_PASS, STUB_PASS_MSG, MSG_CMSG_CLOEXEC),
	 * the fd in r8 (-1 if none came: the call fails with EBADF), then back to
	 * r15; recvmsg's error goes to stub_done. Clobbers rdi, rsi, rdx.
	 */
	.org 0x2c0
stub_recv_fd:
	mov $47, %eax			/* recvmsg */
	mov $STUB_FD_PASS, %edi
	movabs $STUB_PASS_MSG, %rsi
	mov $0x40000000, %edx		/* MSG_CMSG_CLOEXEC */
	syscall
	test %rax, %rax
	js stub_done
	movabs $STUB_PASS_FD, %rax
	movslq (%rax), %r8
	jmp *%r15
	/* stub_call_close: syscall rax, then close(r8); rax = the syscall's result. */
stub_call_close:
	syscall
	mov %rax, %r12
	mov %r8, %rdi
	mov $3, %eax			/* close */
	syscall
	mov %r12, %rax
	jmp stub_done
	.org 0x340
	/* systrap (systrap.c): the signal handlers' return, through rt_sigreturn. */
	.globl stub_restorer
stub_restorer:
	mov $15, %eax			/* rt_sigreturn */
	syscall
	hlt
	/*
	 * stub_thread_clone(flags, stack, ctid, slot): a host thread on a fresh
	 * stack that runs stub_thread_start(slot); the parent gets clone's result.
	 * The child keeps every register but rax, rcx, r11: r9 carries the slot.
	 */
	.globl stub_thread_clone
stub_thread_clone:
	mov %rdx, %r10			/* ctid */
	mov %rcx, %r9
	xor %edx, %edx			/* ptid */
	xor %r8d, %r8d			/* tls */
	mov $56, %eax			/* clone */
	syscall
	test %rax, %rax
	jnz 1f
	mov %r9, %rdi
	call stub_thread_start
	hlt
1:	ret
	/* stub_enter(slot, stack): switch to stack and run stub_thread_start(slot). */
	.globl stub_enter
stub_enter:
	mov %rsi, %rsp
	call stub_thread_start
	hlt

	.section .bss
	.balign 16
zygote_stack:
	.skip 65536
zygote_stack_top:
	.section .note.GNU-stack, "", @progbits
