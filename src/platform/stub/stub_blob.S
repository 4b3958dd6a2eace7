/* SPDX-License-Identifier: MIT */
/* The linked stub ELF, embedded in ukern (written to a memfd and exec'd once). */
	.section .rodata
	.globl stub_elf_start, stub_elf_end
	.balign 16
stub_elf_start:
	.incbin STUB_ELF_PATH
stub_elf_end:
	.section .note.GNU-stack, "", @progbits
