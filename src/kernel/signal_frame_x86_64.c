/* SPDX-License-Identifier: MIT */
/*
 * The x86-64 rt signal frame (arch/x86/kernel/signal.c, signal_64.c): the
 * ucontext with sigcontext, siginfo, and the full XSAVE area of whatever
 * size the CPU has, followed by FP_XSTATE_MAGIC2.
 */
#include <stddef.h>
#include <string.h>
#include "abi/errno.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/kstd.h"
#include "mm/uaccess.h"
#include "platform/platform.h"

int signal_setup_frame(struct task *t, int sig, const struct linux_siginfo *info,
		       const struct linux_sigaction *ka, linux_sigset_t mask);

#define FLAG_MASK 0x50dd5ULL /* AC|OF|DF|TF|SF|ZF|AF|PF|CF|RF: what sigreturn may change */

static int sas_flags(struct task *t, uint64_t sp)
{
	if (t->altstack.ss_flags & LINUX_SS_DISABLE)
		return LINUX_SS_DISABLE;
	if (sp > t->altstack.ss_sp && sp - t->altstack.ss_sp <= t->altstack.ss_size)
		return LINUX_SS_ONSTACK;
	return 0;
}

/*
 * Whether the instruction at rip writes its memory operand. ptrace does not
 * give us the page-fault error code, so the common store forms are decoded.
 */
static bool insn_is_store(struct task *t, uint64_t rip)
{
	unsigned char b[16];
	int i = 0;

	if (copy_from_user(t->mm, b, rip, sizeof(b)))
		return false;
	while (i < 14 && (b[i] == 0x66 || b[i] == 0x67 || b[i] == 0xf2 || b[i] == 0xf3 || b[i] == 0x2e ||
			  b[i] == 0x36 || b[i] == 0x3e || b[i] == 0x26 || b[i] == 0x64 || b[i] == 0x65 ||
			  b[i] == 0xf0))
		i++;
	if ((b[i] & 0xf0) == 0x40)
		i++;
	switch (b[i]) {
	case 0x88: case 0x89: case 0xc6: case 0xc7: case 0xaa: case 0xab: case 0xa4: case 0xa5:
	case 0x86: case 0x87: case 0xd0: case 0xd1: case 0xd2: case 0xd3: case 0x8f:
		return true;
	case 0x00: case 0x01: case 0x08: case 0x09: case 0x10: case 0x11: case 0x18: case 0x19:
	case 0x20: case 0x21: case 0x28: case 0x29: case 0x30: case 0x31:
		return (b[i + 1] >> 6) != 3;
	case 0x80: case 0x81: case 0x83:
		return ((b[i + 1] >> 3) & 7) != 7 && (b[i + 1] >> 6) != 3;
	case 0xfe: case 0xff:
		return ((b[i + 1] >> 3) & 7) <= 1 && (b[i + 1] >> 6) != 3;
	case 0xf6: case 0xf7:
		return (((b[i + 1] >> 3) & 7) == 2 || ((b[i + 1] >> 3) & 7) == 3) && (b[i + 1] >> 6) != 3;
	case 0x0f:
		return b[i + 1] == 0x11 || b[i + 1] == 0x29 || b[i + 1] == 0x7f || b[i + 1] == 0xe7 ||
		       b[i + 1] == 0x2b || b[i + 1] == 0xc3 || b[i + 1] == 0xb1 || b[i + 1] == 0xc1;
	}
	return false;
}

/* trapno and error code for the sigcontext of a fault, as the hardware gave them to Linux. */
static void fault_context(struct task *t, int sig, const struct linux_siginfo *info, uint64_t *trapno,
			  uint64_t *err)
{
	*trapno = 0;
	*err = 0;
	switch (sig) {
	case LINUX_SIGSEGV:
	case LINUX_SIGBUS:
		if (info->si_code == LINUX_SI_KERNEL) { /* #GP */
			*trapno = 13;
			return;
		}
		if (info->si_code <= 0)
			return;
		*trapno = 14;
		*err = 4; /* user mode */
		if (info->si_code == LINUX_SEGV_ACCERR && sig == LINUX_SIGSEGV)
			*err |= 1;
		if (info->u.fault.addr == t->regs.rip)
			*err |= 0x10; /* instruction fetch */
		else if (insn_is_store(t, t->regs.rip))
			*err |= 2;
		return;
	case LINUX_SIGILL:
		*trapno = info->si_code > 0 ? 6 : 0;
		return;
	case LINUX_SIGTRAP:
		*trapno = info->si_code == LINUX_SI_KERNEL || info->si_code == LINUX_TRAP_BRKPT ? 3 : 1;
		return;
	case LINUX_SIGFPE:
		*trapno = info->si_code > 0 ? 0 : 0;
		return;
	}
}

int signal_setup_frame(struct task *t, int sig, const struct linux_siginfo *info,
		       const struct linux_sigaction *ka, linux_sigset_t mask)
{
	size_t xsize = platform_fpstate_size();
	struct linux_rt_sigframe frame;
	struct linux_fpx_sw_bytes sw;
	uint64_t sp = t->regs.rsp, fpaddr, faddr;
	uint32_t magic2 = LINUX_FP_XSTATE_MAGIC2;
	unsigned char *fp;
	int onstack = sas_flags(t, sp), r;

	if (!(ka->flags & LINUX_SA_RESTORER))
		return -EFAULT; /* x86-64 signal frames need a restorer */
	sp -= 128; /* the red zone */
	if ((ka->flags & LINUX_SA_ONSTACK) && onstack == 0)
		sp = t->altstack.ss_sp + t->altstack.ss_size;
	fpaddr = (sp - xsize - 4) & ~63ULL;
	faddr = ((fpaddr - sizeof(frame)) & ~15ULL) - 8;
	if (sas_flags(t, t->regs.rsp) != LINUX_SS_ONSTACK && sas_flags(t, sp) == LINUX_SS_ONSTACK &&
	    faddr < t->altstack.ss_sp)
		return -EFAULT; /* the alternate stack overflowed */

	fp = kzalloc(xsize);
	r = platform_get_fpstate(t->ctx, fp);
	if (r < 0)
		goto out;
	memset(&sw, 0, sizeof(sw));
	sw.magic1 = LINUX_FP_XSTATE_MAGIC1;
	sw.extended_size = (uint32_t)xsize + 4;
	sw.xfeatures = platform_xfeatures();
	sw.xstate_size = (uint32_t)xsize;
	memcpy(fp + LINUX_FPX_SW_OFFSET, &sw, sizeof(sw));
	r = copy_to_user(t->mm, fpaddr, fp, xsize);
	if (!r)
		r = copy_to_user(t->mm, fpaddr + xsize, &magic2, 4);
	if (r)
		goto out;

	memset(&frame, 0, sizeof(frame));
	frame.pretcode = ka->restorer;
	frame.info = *info;
	frame.uc.uc_flags = LINUX_UC_FP_XSTATE | LINUX_UC_SIGCONTEXT_SS | LINUX_UC_STRICT_RESTORE_SS;
	frame.uc.uc_stack.ss_sp = t->altstack.ss_sp;
	frame.uc.uc_stack.ss_size = t->altstack.ss_size;
	frame.uc.uc_stack.ss_flags = sas_flags(t, t->regs.rsp) | (t->altstack.ss_flags & (int32_t)LINUX_SS_AUTODISARM);
	if (t->altstack.ss_flags & LINUX_SS_DISABLE)
		frame.uc.uc_stack.ss_flags = LINUX_SS_DISABLE;
	{
		struct linux_sigcontext *sc = &frame.uc.uc_mcontext;
		struct regs *g = &t->regs;

		sc->r8 = g->r8; sc->r9 = g->r9; sc->r10 = g->r10; sc->r11 = g->r11;
		sc->r12 = g->r12; sc->r13 = g->r13; sc->r14 = g->r14; sc->r15 = g->r15;
		sc->rdi = g->rdi; sc->rsi = g->rsi; sc->rbp = g->rbp; sc->rbx = g->rbx;
		sc->rdx = g->rdx; sc->rax = g->rax; sc->rcx = g->rcx; sc->rsp = g->rsp;
		sc->rip = g->rip; sc->eflags = g->eflags;
		sc->cs = (uint16_t)g->cs;
		sc->ss = (uint16_t)g->ss;
		sc->oldmask = mask;
		sc->fpstate = fpaddr;
		if (t->forced_sig == sig) {
			fault_context(t, sig, info, &sc->trapno, &sc->err);
			if (sc->trapno == 14)
				sc->cr2 = info->u.fault.addr;
		}
	}
	frame.uc.uc_sigmask = mask;
	r = copy_to_user(t->mm, faddr, &frame, sizeof(frame));
	if (r)
		goto out;
	if (t->altstack.ss_flags & (int32_t)LINUX_SS_AUTODISARM) {
		t->altstack.ss_sp = 0;
		t->altstack.ss_size = 0;
		t->altstack.ss_flags = LINUX_SS_DISABLE;
	}
	t->regs.rdi = (uint64_t)sig;
	t->regs.rsi = faddr + offsetof(struct linux_rt_sigframe, info);
	t->regs.rdx = faddr + offsetof(struct linux_rt_sigframe, uc);
	t->regs.rax = 0;
	t->regs.rsp = faddr;
	t->regs.rip = ka->handler;
	t->regs.eflags &= ~(0x100ULL | 0x400ULL | 0x40000ULL); /* TF, DF, AC */
	/* A fresh FPU state for the handler, as Linux gives it (fpu__clear_user_states). */
	memset(fp, 0, xsize);
	((uint16_t *)fp)[0] = 0x37f; /* fcw */
	((uint32_t *)fp)[6] = 0x1f80; /* mxcsr */
	r = platform_set_fpstate(t->ctx, fp);
out:
	kfree(fp);
	return r;
}

long signal_sigreturn(struct task *t)
{
	uint64_t faddr = t->regs.rsp - 8;
	size_t xsize = platform_fpstate_size();
	struct linux_rt_sigframe frame;
	struct linux_sigcontext *sc = &frame.uc.uc_mcontext;
	struct regs *g = &t->regs;
	struct linux_siginfo si;

	t->syscall_nr = -1; /* never restart what sigreturn restores */
	if (copy_from_user(t->mm, &frame, faddr, sizeof(frame)))
		goto bad;
	g->r8 = sc->r8; g->r9 = sc->r9; g->r10 = sc->r10; g->r11 = sc->r11;
	g->r12 = sc->r12; g->r13 = sc->r13; g->r14 = sc->r14; g->r15 = sc->r15;
	g->rdi = sc->rdi; g->rsi = sc->rsi; g->rbp = sc->rbp; g->rbx = sc->rbx;
	g->rdx = sc->rdx; g->rax = sc->rax; g->rcx = sc->rcx; g->rsp = sc->rsp;
	g->rip = sc->rip;
	g->eflags = (g->eflags & ~FLAG_MASK) | (sc->eflags & FLAG_MASK);
	t->blocked = frame.uc.uc_sigmask & ~SIG_UNBLOCKABLE;
	if (!(frame.uc.uc_stack.ss_flags & LINUX_SS_DISABLE) && frame.uc.uc_stack.ss_size >= LINUX_MINSIGSTKSZ &&
	    sas_flags(t, g->rsp) != LINUX_SS_ONSTACK) {
		t->altstack.ss_sp = frame.uc.uc_stack.ss_sp;
		t->altstack.ss_size = frame.uc.uc_stack.ss_size;
		t->altstack.ss_flags = frame.uc.uc_stack.ss_flags & (int32_t)LINUX_SS_AUTODISARM;
	}
	if (sc->fpstate) {
		unsigned char *fp = kzalloc(xsize);
		struct linux_fpx_sw_bytes sw;
		uint32_t magic2 = 0;
		int r;

		if (copy_from_user(t->mm, fp, sc->fpstate, 512)) {
			kfree(fp);
			goto bad;
		}
		memcpy(&sw, fp + LINUX_FPX_SW_OFFSET, sizeof(sw));
		if (sw.magic1 == LINUX_FP_XSTATE_MAGIC1 && sw.xstate_size == xsize &&
		    !copy_from_user(t->mm, &magic2, sc->fpstate + xsize, 4) && magic2 == LINUX_FP_XSTATE_MAGIC2) {
			if (copy_from_user(t->mm, fp, sc->fpstate, xsize)) {
				kfree(fp);
				goto bad;
			}
			/* Keep the XSAVE header to features the host has. */
			((uint64_t *)(fp + 512))[0] &= platform_xfeatures();
		} else {
			/* A legacy fxsave image: only x87 and SSE state. */
			memset(fp + 512, 0, xsize - 512);
			((uint64_t *)(fp + 512))[0] = 3;
		}
		memset(fp + LINUX_FPX_SW_OFFSET, 0, 48);
		((uint32_t *)fp)[7] &= 0xffff; /* mxcsr_mask is not writable */
		r = platform_set_fpstate(t->ctx, fp);
		kfree(fp);
		if (r < 0)
			goto bad;
	}
	return (long)g->rax;
bad:
	memset(&si, 0, sizeof(si));
	si.si_signo = LINUX_SIGSEGV;
	si.si_code = LINUX_SI_KERNEL;
	signal_force(t, &si);
	return (long)g->rax;
}
