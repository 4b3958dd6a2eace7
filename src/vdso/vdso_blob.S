/* SPDX-License-Identifier: MIT */
/* The guest's vDSO (guest.c, linked by the Makefile), embedded in ukern. */
	.section .rodata
	.globl vdso_so_start, vdso_so_end
	.balign 16
vdso_so_start:
	.incbin VDSO_SO_PATH
vdso_so_end:
	.section .note.GNU-stack, "", @progbits
