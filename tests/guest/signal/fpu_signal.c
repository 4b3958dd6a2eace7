/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * FPU/vector state across signal delivery: xmm0-15, ymm upper halves (AVX),
 * zmm0-31 and k1-k7 (AVX-512), x87 control word, st(0), MXCSR survive a handler
 * that clobbers them; the handler starts with a clean state and can edit fpregs.
 */
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include "check.h"

static uint8_t xin[16][16], xout[16][16];
static uint8_t yin[16][32], yout[16][32];
static uint8_t zin[32][64], zout[32][64];
static uint16_t kin[8], kout[8];
static uint16_t cw_in = 0x0f7f, cw_out;	/* round toward zero */
static uint32_t mx_in = 0x7f80, mx_out;	/* round toward zero */
static double st0_in = 1.0 / 3.0, st0_out;
static long tid;
static int have_avx, have_avx512;

static volatile int h_ran, h_edit, h_mx_ok, h_cw_ok, h_ctx_ok;
static uint32_t edit_val[4] = { 0xdeadbeef, 0x01234567, 0x89abcdef, 0xfeedface };

#define LOADX(n) "movdqu " #n "*16(%[in]), %%xmm" #n "\n\t"
#define STOREX(n) "movdqu %%xmm" #n ", " #n "*16(%[out])\n\t"
#define LOADY(n) "vmovdqu " #n "*32(%[in]), %%ymm" #n "\n\t"
#define STOREY(n) "vmovdqu %%ymm" #n ", " #n "*32(%[out])\n\t"
#define LOADZ(n) "vmovdqu64 " #n "*64(%[in]), %%zmm" #n "\n\t"
#define STOREZ(n) "vmovdqu64 %%zmm" #n ", " #n "*64(%[out])\n\t"
#define LOADK(n) "kmovw " #n "*2(%[kin]), %%k" #n "\n\t"
#define STOREK(n) "kmovw %%k" #n ", " #n "*2(%[kout])\n\t"
#define REGS_0_7(M) M(0) M(1) M(2) M(3) M(4) M(5) M(6) M(7)
#define REGS_8_15(M) M(8) M(9) M(10) M(11) M(12) M(13) M(14) M(15)
#define REGS_16_23(M) M(16) M(17) M(18) M(19) M(20) M(21) M(22) M(23)
#define REGS_24_31(M) M(24) M(25) M(26) M(27) M(28) M(29) M(30) M(31)
#define REGS16(M) REGS_0_7(M) REGS_8_15(M)
#define REGS32(M) REGS16(M) REGS_16_23(M) REGS_24_31(M)
#define KREGS(M) M(1) M(2) M(3) M(4) M(5) M(6) M(7)
#define ONESX(n) "pcmpeqd %%xmm" #n ", %%xmm" #n "\n\t"
#define ONESY(n) "vpcmpeqd %%ymm" #n ", %%ymm" #n ", %%ymm" #n "\n\t"
#define ONESZ(n) "vmovdqa64 %%zmm16, %%zmm" #n "\n\t"
#define SIGNAL_SELF                                                      \
	"mov %[nr], %%eax\n\t"                                           \
	"mov %[tid], %%rdi\n\t"                                          \
	"mov %[sig], %%esi\n\t"                                          \
	"syscall\n\t"
#define XMM_CLOBBERS                                                             \
	"xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8",  \
		"xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15"

static void xmm_round(void)
{
	__asm__ volatile(
		REGS16(LOADX)
		"fldcw %[cw]\n\t"
		"ldmxcsr %[mx]\n\t"
		"fldl %[st0in]\n\t"
		SIGNAL_SELF
		"fstpl %[st0out]\n\t"
		"fnstcw %[cwout]\n\t"
		"stmxcsr %[mxout]\n\t"
		REGS16(STOREX)
		: [cwout] "=m"(cw_out), [mxout] "=m"(mx_out), [st0out] "=m"(st0_out)
		: [in] "r"(xin), [out] "r"(xout), [cw] "m"(cw_in), [mx] "m"(mx_in),
		  [st0in] "m"(st0_in), [nr] "i"(SYS_tkill), [tid] "r"(tid), [sig] "i"(SIGUSR1)
		: "rax", "rdi", "rsi", "rcx", "r11", "memory", XMM_CLOBBERS);
}

static void ymm_round(void)
{
	__asm__ volatile(
		REGS16(LOADY)
		SIGNAL_SELF
		REGS16(STOREY)
		"vzeroupper\n\t"
		:
		: [in] "r"(yin), [out] "r"(yout), [nr] "i"(SYS_tkill), [tid] "r"(tid),
		  [sig] "i"(SIGUSR1)
		: "rax", "rdi", "rsi", "rcx", "r11", "memory", XMM_CLOBBERS);
}

/* zmm16-31 and k registers are never used by this (non-AVX-512) code: no clobbers */
static void zmm_round(void)
{
	__asm__ volatile(
		REGS32(LOADZ)
		KREGS(LOADK)
		SIGNAL_SELF
		REGS32(STOREZ)
		KREGS(STOREK)
		"vzeroupper\n\t"
		:
		: [in] "r"(zin), [out] "r"(zout), [kin] "r"(kin), [kout] "r"(kout),
		  [nr] "i"(SYS_tkill), [tid] "r"(tid), [sig] "i"(SIGUSR1)
		: "rax", "rdi", "rsi", "rcx", "r11", "memory", XMM_CLOBBERS);
}

static void handler(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	uint32_t mx = 0;
	uint16_t cw = 0;

	(void)sig;
	(void)si;
	/* the handler starts with the default FPU control state */
	__asm__ volatile("stmxcsr %0\n\tfnstcw %1" : "=m"(mx), "=m"(cw));
	h_mx_ok = (mx & 0xffbf) == 0x1f80;	/* ignore DAZ */
	h_cw_ok = cw == 0x037f;
	h_ctx_ok = uc->uc_mcontext.fpregs != NULL && uc->uc_mcontext.fpregs->mxcsr == mx_in &&
		   uc->uc_mcontext.fpregs->cwd == cw_in &&
		   memcmp((void *)&uc->uc_mcontext.fpregs->_xmm[3], xin[3], 16) == 0;
	if (h_edit)
		memcpy((void *)&uc->uc_mcontext.fpregs->_xmm[5], edit_val, 16);

	/* clobber everything */
	__asm__ volatile(REGS16(ONESX)
			 "fninit\n\tfld1\n\tfld1\n\tfldpi\n\t"
			 "fldcw %0\n\tldmxcsr %1\n\t"
			 :
			 : "m"((uint16_t){ 0x007f }), "m"((uint32_t){ 0x3f80 })
			 : "memory", XMM_CLOBBERS);
	if (have_avx)
		__asm__ volatile(REGS16(ONESY) "vzeroupper\n\t" ::: "memory", XMM_CLOBBERS);
	if (have_avx512)
		__asm__ volatile("vpternlogd $0xff, %%zmm16, %%zmm16, %%zmm16\n\t"
				 REGS32(ONESZ) "kxnorw %%k1, %%k1, %%k1\n\t"
				 "kxnorw %%k7, %%k7, %%k7\n\t"
				 "vzeroupper\n\t"
				 ::: "memory", XMM_CLOBBERS);
	h_ran++;
}

static void fill(uint8_t *p, size_t n, int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(seed * 31 + i * 7 + 1);
}

int main(void)
{
	struct sigaction sa;
	int i, ok;

	__builtin_cpu_init();
	have_avx = __builtin_cpu_supports("avx");
	have_avx512 = __builtin_cpu_supports("avx512f");
	tid = syscall(SYS_gettid);

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);

	/* SSE + x87 */
	for (i = 0; i < 16; i++)
		fill(xin[i], 16, i);
	xmm_round();
	CHECK(h_ran == 1, "handler ran between load and store");
	ok = 1;
	for (i = 0; i < 16; i++)
		if (memcmp(xin[i], xout[i], 16))
			ok = 0;
	CHECK(ok, "xmm0-15 preserved");
	CHECK(cw_out == cw_in, "x87 control word preserved");
	CHECK(mx_out == mx_in, "MXCSR preserved");
	CHECK(st0_out == st0_in, "x87 st(0) preserved");
	CHECK(h_mx_ok, "handler starts with default MXCSR 0x1f80");
	CHECK(h_cw_ok, "handler starts with default x87 control word 0x37f");
	CHECK(h_ctx_ok, "uc_mcontext.fpregs holds the interrupted mxcsr, cwd and xmm3");

	/* the handler can change the restored xmm state */
	h_edit = 1;
	xmm_round();
	h_edit = 0;
	CHECK(memcmp(xout[5], edit_val, 16) == 0, "xmm5 edited through fpregs is restored");
	CHECK(memcmp(xout[4], xin[4], 16) == 0 && memcmp(xout[6], xin[6], 16) == 0,
	      "neighbouring registers untouched");
	__asm__ volatile("fldcw %0\n\tldmxcsr %1"
			 :
			 : "m"((uint16_t){ 0x037f }), "m"((uint32_t){ 0x1f80 }));

	/* AVX */
	ok = 1;
	if (have_avx) {
		for (i = 0; i < 16; i++)
			fill(yin[i], 32, i + 100);
		ymm_round();
		for (i = 0; i < 16; i++)
			if (memcmp(yin[i], yout[i], 32))
				ok = 0;
	}
	CHECK(ok, "ymm0-15 (upper halves) preserved, if AVX");

	/* AVX-512 */
	ok = 1;
	if (have_avx512) {
		for (i = 0; i < 32; i++)
			fill(zin[i], 64, i + 200);
		for (i = 1; i < 8; i++)
			kin[i] = (uint16_t)(0x1111 * i + 3);
		zmm_round();
		for (i = 0; i < 32; i++)
			if (memcmp(zin[i], zout[i], 64))
				ok = 0;
		for (i = 1; i < 8; i++)
			if (kin[i] != kout[i])
				ok = 0;
	}
	CHECK(ok, "zmm0-31 and k1-k7 preserved, if AVX-512");
	return 0;
}
