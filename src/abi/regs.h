/* SPDX-License-Identifier: MIT */
/* The guest register file: same layout as the kernel's user_regs_struct (x86-64). */
#ifndef ABI_REGS_H
#define ABI_REGS_H
#include <stdint.h>

struct regs {
	uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8, rax, rcx, rdx, rsi, rdi;
	uint64_t orig_rax, rip, cs, eflags, rsp, ss, fs_base, gs_base, ds, es, fs, gs;
};

#endif
