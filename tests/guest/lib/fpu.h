/* SPDX-License-Identifier: MIT */
/* The x86-64 floating-point control words a thread has: SSE's MXCSR and the x87 control word. */
#ifndef GUEST_FPU_H
#define GUEST_FPU_H
#include <stdint.h>

static inline uint32_t get_mxcsr(void)
{
	uint32_t v;

	__asm__ volatile("stmxcsr %0" : "=m"(v));
	return v;
}

static inline void set_mxcsr(uint32_t v)
{
	__asm__ volatile("ldmxcsr %0" : : "m"(v));
}

static inline uint16_t get_cw(void)
{
	uint16_t v;

	__asm__ volatile("fnstcw %0" : "=m"(v));
	return v;
}

static inline void set_cw(uint16_t v)
{
	__asm__ volatile("fldcw %0" : : "m"(v));
}

#endif
