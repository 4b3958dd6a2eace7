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

	.section .bss
	.balign 16
zygote_stack:
	.skip 65536
zygote_stack_top:
	.section .note.GNU-stack, "", @progbits
