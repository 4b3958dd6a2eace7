/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * A new thread starts with its creator's FPU state, as the host's clone
 * gives it: a raw clone's child finds xmm0-15 as its parent left them just
 * before the syscall, and a pthread finds its creator's MXCSR and x87 control
 * word (rounding modes, flush-to-zero). Several threads in a row, so that a
 * reused host thread cannot pass on an older state.
 */
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <sys/syscall.h>
#include "check.h"
#include "fpu.h"

#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM)

static uint8_t xin[16][16], xout[16][16];
static volatile int child_done;
static char child_stack[65536] __attribute__((aligned(16)));

#define LOADX(n) "movdqu " #n "*16(%[in]), %%xmm" #n "\n\t"
#define STOREX(n) "movdqu %%xmm" #n ", " #n "*16(%[out])\n\t"
#define REGS16(M) M(0) M(1) M(2) M(3) M(4) M(5) M(6) M(7) M(8) M(9) M(10) M(11) M(12) M(13) M(14) M(15)

/* Loads xin into xmm0-15 and clones; the child stores them into xout, sets child_done and exits. */
static long clone_with_xmm(void)
{
	register long r10 __asm__("r10") = 0;
	register long r8 __asm__("r8") = 0;
	long r;

	__asm__ volatile(REGS16(LOADX)
			 "mov $56, %%eax\n\t"
			 "syscall\n\t"
			 "test %%rax, %%rax\n\t"
			 "jnz 1f\n\t"
			 REGS16(STOREX)
			 "movl $1, (%[done])\n\t"
			 "mov $60, %%eax\n\t"
			 "xor %%edi, %%edi\n\t"
			 "syscall\n\t"
			 "1:\n\t"
			 : "=a"(r)
			 : "D"((long)THREAD_FLAGS), "S"(child_stack + sizeof(child_stack)), "d"(0L), "r"(r10), "r"(r8),
			   [in] "r"(xin), [out] "r"(xout), [done] "r"(&child_done)
			 : "rcx", "r11", "memory", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
			   "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
	return r;
}

struct seen {
	uint32_t mxcsr;
	uint16_t cw;
};

static void *report(void *arg)
{
	struct seen *s = arg;

	s->mxcsr = get_mxcsr();
	s->cw = get_cw();
	return NULL;
}

int main(void)
{
	/* Round toward zero, flush-to-zero, denormals-are-zero; x87: round up, 53-bit precision. */
	static const uint32_t mx[3] = { 0x7f80 | 0x8040, 0x5f80, 0x3f80 };
	static const uint16_t cw[3] = { 0x0b7f, 0x027f, 0x077f };
	int round, i, j, xmm_ok = 1, pt_ok = 1;
	uint32_t mx0 = get_mxcsr();
	uint16_t cw0 = get_cw();

	for (round = 0; round < 3; round++) {
		long r;

		for (i = 0; i < 16; i++)
			for (j = 0; j < 16; j++)
				xin[i][j] = (uint8_t)(round * 31 + i * 16 + j + 1);
		memset(xout, 0, sizeof(xout));
		child_done = 0;
		r = clone_with_xmm();
		if (r <= 0) {
			xmm_ok = 0;
			break;
		}
		while (!child_done)
			sched_yield();
		if (memcmp(xin, xout, sizeof(xin)) != 0)
			xmm_ok = 0;
	}
	CHECK(xmm_ok, "a raw clone's child starts with its parent's xmm0-15");

	for (round = 0; round < 3; round++) {
		struct seen s = { 0, 0 };
		pthread_t t;

		set_mxcsr(mx[round]);
		set_cw(cw[round]);
		if (pthread_create(&t, NULL, report, &s) != 0 || pthread_join(t, NULL) != 0) {
			pt_ok = 0;
			break;
		}
		if (s.mxcsr != mx[round] || s.cw != cw[round])
			pt_ok = 0;
	}
	set_mxcsr(mx0);
	set_cw(cw0);
	CHECK(pt_ok, "a pthread starts with its creator's MXCSR and x87 control word");
	return 0;
}
