/* SPDX-License-Identifier: MIT */
/*
 * The stub's half of the seccomp platform (gVisor's systrap): guest code runs
 * in the stub with no tracer. Its system calls hit the seccomp filter's
 * SECCOMP_RET_TRAP, and its faults and ukern's kick signal arrive as host
 * signals; every one lands in stub_trap on the thread's own signal stack.
 * stub_trap copies the registers into the thread's sysmsg page, hands the
 * thread over to ukern through the page's futex word, and runs what ukern asks
 * (host calls in this address space) until ukern says resume, when it loads
 * ukern's registers into the signal frame and returns into guest code.
 *
 * Nothing here trusts guest memory for more than the guest could do to itself
 * anyway: the guest shares this process, so it can write every page we use.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <asm/unistd.h>
#include "../../abi/types.h"
#include "stub_layout.h"
#include "stub_sys.h"
#include "sysmsg.h"

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004
#define SIGTRAP 5
#define SIGURG 23
#define SIGSYS 31
#define SYS_SECCOMP 1
#define AUDIT_ARCH_X86_64 0xc000003eu
#define MSG_DONTWAIT 0x40
#define MSG_CMSG_CLOEXEC 0x40000000
#define ENOSYS 38
#define EBADF 9
#define EFAULT 14
#define EINVAL 22
#define MADV_DONTNEED 4
#define FP_XSTATE_MAGIC1 0x46505853u
#define CLONE_PARENT 0x00008000
#define SYSTRAP_THREAD_FLAGS 0x00210f00 /* VM|FS|FILES|SIGHAND|THREAD|CHILD_CLEARTID; the filter allows it */
#define MAP_SHARED_FIXED 0x11
#define REG_RAX 10
#define REG_ORIG_RAX 15
#define REG_FS_BASE 21
#define REG_GS_BASE 22

/* The x86-64 signal frame's ucontext (uapi asm/ucontext.h, asm/sigcontext.h). */
struct k_sigcontext {
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15, rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2, fpstate, reserved[8];
};

struct k_ucontext {
	uint64_t flags, link, ss_sp;
	int32_t ss_flags, pad;
	uint64_t ss_size;
	struct k_sigcontext mc;
	uint64_t sigmask;
};

struct k_iovec {
	void *base;
	uint64_t len;
};

struct k_msghdr {
	void *name;
	int32_t namelen, pad;
	struct k_iovec *iov;
	uint64_t iovlen;
	void *control;
	uint64_t controllen;
	int32_t flags, pad2;
};

struct k_sigaltstack {
	uint64_t sp;
	int32_t flags, pad;
	uint64_t size;
};

int stub_fsgsbase;

static uint64_t get_base(int fs)
{
	uint64_t v = 0;

	if (!stub_fsgsbase)
		sc(__NR_arch_prctl, fs ? ARCH_GET_FS : ARCH_GET_GS, (long)&v, 0, 0, 0, 0);
	else if (fs)
		__asm__ volatile("rdfsbase %0" : "=r"(v));
	else
		__asm__ volatile("rdgsbase %0" : "=r"(v));
	return v;
}

/* As arch_prctl does, a base beyond the user half is refused (wrfsbase would fault on a non-canonical one). */
static void set_base(int fs, uint64_t v)
{
	if (!stub_fsgsbase)
		sc(__NR_arch_prctl, fs ? ARCH_SET_FS : ARCH_SET_GS, (long)v, 0, 0, 0, 0);
	else if (v >= 0x800000000000ULL)
		return;
	else if (fs)
		__asm__ volatile("wrfsbase %0" : : "r"(v));
	else
		__asm__ volatile("wrgsbase %0" : : "r"(v));
}

/* GCC may turn struct copies into these calls. */
void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);

void *memcpy(void *d, const void *s, size_t n)
{
	unsigned char *a = d;
	const unsigned char *b = s;

	while (n--)
		*a++ = *b++;
	return d;
}

void *memset(void *d, int c, size_t n)
{
	unsigned char *a = d;

	while (n--)
		*a++ = (unsigned char)c;
	return d;
}

static inline uint64_t slot_stack_top(unsigned long slot)
{
	return STUB_ALTSTACKS + (slot + 1) * ALTSTACK_SIZE;
}

/* Puts the thread's state word on its robust list, so that its death wakes ukern. */
static void robust_init(struct sysmsg *m)
{
	m->robust_head[0] = (uint64_t)&m->robust_entry;
	m->robust_head[1] = (uint64_t)((char *)&m->state - (char *)&m->robust_entry);
	m->robust_head[2] = 0;
	m->robust_entry = (uint64_t)&m->robust_head[0];
	sc(__NR_set_robust_list, (long)m->robust_head, 24, 0, 0, 0, 0);
}

/* Stores 0 (ukern's turn), wakes ukern and sleeps until ukern hands the thread back. */
static void hand_over(struct sysmsg *m)
{
	uint32_t i, spin = m->spin;

	__atomic_store_n(&m->state, 0, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&m->ukern_sleeps, __ATOMIC_SEQ_CST))
		sc(__NR_futex, (long)&m->state, FUTEX_WAKE, 1, 0, 0, 0);
	for (i = 0; i < spin; i++) {
		if (__atomic_load_n(&m->state, __ATOMIC_ACQUIRE) != 0)
			return;
		__asm__ volatile("pause");
	}
	__atomic_store_n(&m->stub_sleeps, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&m->state, __ATOMIC_SEQ_CST) == 0)
		sc(__NR_futex, (long)&m->state, FUTEX_WAIT, 0, 0, 0, 0);
	__atomic_store_n(&m->stub_sleeps, 0, __ATOMIC_RELAXED);
}

long stub_recv(int sock, int flags, char *byte, int fds[2])
{
	struct {
		uint64_t len;
		int32_t level, type;
		int32_t fds[2];
	} cm;
	struct k_iovec iov = { byte, 1 };
	struct k_msghdr mh = { 0 };
	long r;

	cm.fds[0] = cm.fds[1] = -1;
	mh.iov = &iov;
	mh.iovlen = 1;
	mh.control = &cm;
	mh.controllen = sizeof(cm);
	r = sc(__NR_recvmsg, sock, (long)&mh, flags | MSG_CMSG_CLOEXEC, 0, 0, 0);
	fds[0] = r < 0 ? -1 : cm.fds[0];
	fds[1] = r < 0 ? -1 : cm.fds[1];
	return r;
}

void stub_take_channels(int sock, int mfd)
{
	sc(__NR_dup2, sock, STUB_FD_PASS, 0, 0, 0, 0);
	sc(__NR_mmap, STUB_SYSMSG, (long)STUB_MAX_THREADS * SYSMSG_SIZE, 3 /* PROT_READ|PROT_WRITE */,
	   MAP_SHARED_FIXED, mfd, 0);
	sc(__NR_dup2, mfd, STUB_FD_MSG, 0, 0, 0, 0);
	if (sock != STUB_FD_PASS && sock != STUB_FD_MSG)
		sc(__NR_close, sock, 0, 0, 0, 0, 0);
	if (mfd != STUB_FD_MSG)
		sc(__NR_close, mfd, 0, 0, 0, 0, 0);
}

/* Receives the n (1 or 2) fds ukern sent on STUB_FD_PASS before its command; others that came are closed. */
static long recv_fds(int *fds, int n)
{
	int got[2], i;
	char byte;
	long r = stub_recv(STUB_FD_PASS, MSG_DONTWAIT, &byte, got);

	if (r < 0)
		return r;
	if (got[0] < 0 || (n == 2 && got[1] < 0)) {
		for (i = 0; i < 2; i++)
			if (got[i] >= 0)
				sc(__NR_close, got[i], 0, 0, 0, 0, 0);
		return -EBADF;
	}
	if (n == 1 && got[1] >= 0)
		sc(__NR_close, got[1], 0, 0, 0, 0, 0);
	fds[0] = got[0];
	if (n == 2)
		fds[1] = got[1];
	return 0;
}

static void save_regs(struct sysmsg *m, const struct k_ucontext *uc)
{
	const struct k_sigcontext *c = &uc->mc;
	uint64_t *r = m->regs;

	r[0] = c->r15; r[1] = c->r14; r[2] = c->r13; r[3] = c->r12;
	r[4] = c->rbp; r[5] = c->rbx; r[6] = c->r11; r[7] = c->r10;
	r[8] = c->r9; r[9] = c->r8; r[10] = c->rax; r[11] = c->rcx;
	r[12] = c->rdx; r[13] = c->rsi; r[14] = c->rdi; r[15] = (uint64_t)-1;
	r[16] = c->rip; r[17] = c->cs; r[18] = c->eflags; r[19] = c->rsp;
	r[20] = c->ss; r[23] = r[24] = r[25] = r[26] = 0;
}

static void load_regs(struct k_ucontext *uc, const struct sysmsg *m)
{
	struct k_sigcontext *c = &uc->mc;
	const uint64_t *r = m->regs;

	c->r15 = r[0]; c->r14 = r[1]; c->r13 = r[2]; c->r12 = r[3];
	c->rbp = r[4]; c->rbx = r[5]; c->r11 = r[6]; c->r10 = r[7];
	c->r9 = r[8]; c->r8 = r[9]; c->rax = r[10]; c->rcx = r[11];
	c->rdx = r[12]; c->rsi = r[13]; c->rdi = r[14];
	c->rip = r[16]; c->eflags = r[18]; c->rsp = r[19];
}

/*
 * A fork: the child is a copy of this process (the host does copy-on-write)
 * whose only thread is this one, stopped in this handler. It takes the pass
 * socket and sysmsg memfd ukern sent for it, so it shares no channel with its
 * parent, and then reports in its new page. Returns in both.
 */
static long do_fork(struct sysmsg *m)
{
	int fds[2];
	long pid = recv_fds(fds, 2);

	if (pid < 0)
		return pid;
	pid = sc(__NR_clone, CLONE_PARENT, 0, 0, 0, 0, 0);
	if (pid == 0) {
		stub_take_channels(fds[0], fds[1]);
		sc(__NR_prctl, 1 /* PR_SET_PDEATHSIG */, 9, 0, 0, 0, 0);
		robust_init(m);
		return 0;
	}
	sc(__NR_close, fds[0], 0, 0, 0, 0, 0);
	sc(__NR_close, fds[1], 0, 0, 0, 0, 0);
	return pid;
}

static long fd_syscall(struct sysmsg *m)
{
	uint64_t a[6];
	int fd;
	long r = recv_fds(&fd, 1);
	unsigned i;

	if (r < 0)
		return r;
	for (i = 0; i < 6; i++)
		a[i] = m->args[i];
	if (m->fd_arg < 6)
		a[m->fd_arg] = (uint64_t)fd;
	r = sc((long)m->nr, (long)a[0], (long)a[1], (long)a[2], (long)a[3], (long)a[4], (long)a[5]);
	sc(__NR_close, fd, 0, 0, 0, 0, 0);
	return r;
}

/*
 * rt_sigprocmask on the page's sigmask, as Linux does it, while ukern lets
 * the stub (serve): a pthread_create+join makes four of these. The
 * guest's sets move through the page's copy word with pwrite64/pread64 on
 * the page's memfd, so a bad pointer is the host's EFAULT, not a fault here.
 * Returns 0 when done (rax set), -1 to stop for ukern as usual, or 1 when done
 * but a pending signal was unblocked: ukern must deliver it now.
 */
static int fast_sigprocmask(struct sysmsg *m, unsigned long slot, struct k_sigcontext *c)
{
	long off = (long)(slot * SYSMSG_SIZE + offsetof(struct sysmsg, copy));
	uint64_t old = m->sigmask, set = old;
	long r = 0;

	if (!m->serve || c->r10 != sizeof(uint64_t))
		return -1;
	if (c->rsi) {
		uint64_t v;

		if (sc(__NR_pwrite64, STUB_FD_MSG, (long)c->rsi, 8, off, 0, 0) != 8) {
			c->rax = (uint64_t)-EFAULT;
			return 0;
		}
		v = m->copy & ~SIGMASK_UNBLOCKABLE;
		if (c->rdi == 0)	/* SIG_BLOCK */
			set = old | v;
		else if (c->rdi == 1)	/* SIG_UNBLOCK */
			set = old & ~v;
		else if (c->rdi == 2)	/* SIG_SETMASK */
			set = v;
		else {
			c->rax = (uint64_t)-EINVAL;
			return 0;
		}
		__atomic_store_n(&m->sigmask, set, __ATOMIC_SEQ_CST);
	}
	if (c->rdx) {
		m->copy = old;
		if (sc(__NR_pread64, STUB_FD_MSG, (long)c->rdx, 8, off, 0, 0) != 8)
			r = -EFAULT;
	}
	c->rax = (uint64_t)r;
	return (__atomic_load_n(&m->sigpending, __ATOMIC_SEQ_CST) & ~set) ? 1 : 0;
}

/*
 * Loads the stopped guest thread's FPU state from its signal frame into this
 * handler's registers, so that a host thread cloned now starts with it, as
 * the guest's clone gives a new thread. The handler itself uses no FPU
 * registers, and its sigreturn loads the frame's state anyway. The frame must
 * lie in this thread's own signal stack; its software bytes (the host's
 * struct _fpx_sw_bytes at 464) say whether it is in XSAVE format and which
 * features it holds. A frame the guest scribbled over faults here: the guest
 * only hurts its own process.
 */
static void load_frame_fpu(unsigned long slot, uint64_t fp)
{
	uint64_t lo = STUB_ALTSTACKS + slot * ALTSTACK_SIZE, hi = lo + ALTSTACK_SIZE, features;
	const uint32_t *sw = (const uint32_t *)(fp + 464);

	if (fp < lo || fp > hi - 512 || (fp & 63))
		return;
	if (sw[0] == FP_XSTATE_MAGIC1) {
		if (sw[1] > hi - fp) /* extended_size: the whole area lies in the stack */
			return;
		memcpy(&features, sw + 2, sizeof(features));
		__asm__ volatile("xrstor64 (%0)"
				 :
				 : "r"(fp), "a"((uint32_t)features), "d"((uint32_t)(features >> 32))
				 : "memory");
	} else {
		__asm__ volatile("fxrstor64 (%0)" : : "r"(fp) : "memory");
	}
}

/* The handler of every signal the stub takes (SA_SIGINFO | SA_ONSTACK, all signals blocked). */
void stub_trap(int sig, void *info, void *ucp)
{
	uint64_t sp = (uint64_t)&sig, fs, gs;
	struct k_ucontext *uc = ucp;
	const unsigned char *si = info;
	struct sysmsg *m;
	unsigned long slot;
	unsigned arch = 0;
	int code, nr = -1, fast = 0;
	bool sys;

	if (sp < STUB_ALTSTACKS || sp >= STUB_ALTSTACKS + (uint64_t)STUB_MAX_THREADS * ALTSTACK_SIZE)
		sc(__NR_exit, 0, 0, 0, 0, 0, 0); /* not a thread ukern made */
	slot = (sp - STUB_ALTSTACKS) / ALTSTACK_SIZE;
	m = sysmsg_at(STUB_SYSMSG, (unsigned)slot);
	memcpy(&code, si + 8, sizeof(code));
	sys = sig == SIGSYS && code == SYS_SECCOMP;
	if (sys) {
		memcpy(&nr, si + 24, sizeof(nr));
		memcpy(&arch, si + 28, sizeof(arch));
	}
	if (sys && nr == __NR_rt_sigprocmask && arch == AUDIT_ARCH_X86_64) {
		int done = fast_sigprocmask(m, slot, &uc->mc);

		if (done == 0)
			return;
		fast = done == 1; /* done, but ukern must deliver a signal now: an interrupt, rax the result */
	}
	/* set_robust_list only records the head (the length must be struct robust_list_head's). */
	if (sys && nr == __NR_set_robust_list && arch == AUDIT_ARCH_X86_64 && m->serve) {
		if (uc->mc.rsi != 24) {
			uc->mc.rax = (uint64_t)-EINVAL;
			return;
		}
		__atomic_store_n(&m->robust_list, uc->mc.rdi, __ATOMIC_RELAXED);
		uc->mc.rax = 0;
		return;
	}
	/*
	 * madvise(MADV_DONTNEED) of a range in the guest's half: the host's
	 * own call does what Linux does to the guest's mappings, and ukern
	 * keeps no state on them it changes (every exiting glibc thread makes
	 * one, on its stack). The stub's own pages lie above GUEST_TASK_SIZE.
	 */
	if (sys && nr == __NR_madvise && arch == AUDIT_ARCH_X86_64 && m->serve && uc->mc.rdx == MADV_DONTNEED) {
		uint64_t a = uc->mc.rdi, end = a + PAGE_ALIGN(uc->mc.rsi);

		if (end >= a && end <= GUEST_TASK_SIZE) {
			uc->mc.rax = (uint64_t)sc(__NR_madvise, (long)a, (long)uc->mc.rsi, MADV_DONTNEED, 0, 0, 0);
			return;
		}
	}
	fs = get_base(1);
	gs = get_base(0);
	/* A new thread's first stop, which ukern set up to resume at once (its cmd and regs are in the page). */
	if (m->start) {
		m->start = 0;
		goto run;
	}
	save_regs(m, uc);
	m->regs[REG_FS_BASE] = fs;
	m->regs[REG_GS_BASE] = gs;
	m->fpregs = uc->mc.fpstate;
	if (fast) {
		m->trap = SYSMSG_TRAP_INTERRUPT;
	} else if (sys) {
		/* As PTRACE_SYSEMU shows it; another ABI's call (int 0x80) gets ENOSYS. */
		m->regs[REG_ORIG_RAX] = arch == AUDIT_ARCH_X86_64 ? (uint64_t)(uint32_t)nr : (uint64_t)-1;
		m->regs[REG_RAX] = (uint64_t)-ENOSYS;
		m->trap = SYSMSG_TRAP_SYSCALL;
	} else if (sig != SIGURG && sig != SIGSYS && code > 0) {
		memcpy(m->info, si, sizeof(m->info));
		m->trap = SYSMSG_TRAP_FAULT;
	} else {
		m->trap = SYSMSG_TRAP_INTERRUPT;
	}
	for (;;) {
		hand_over(m);
run:
		switch (m->cmd) {
		case SYSMSG_CMD_RESUME:
			if (m->name_set) {
				m->name_set = 0;
				m->name[sizeof(m->name) - 1] = 0;
				sc(__NR_prctl, 15 /* PR_SET_NAME */, (long)m->name, 0, 0, 0, 0);
			}
			load_regs(uc, m);
			if (m->regs[REG_FS_BASE] != fs)
				set_base(1, m->regs[REG_FS_BASE]);
			if (m->regs[REG_GS_BASE] != gs)
				set_base(0, m->regs[REG_GS_BASE]);
			return;
		case SYSMSG_CMD_SYSCALL:
			m->ret = sc((long)m->nr, (long)m->args[0], (long)m->args[1], (long)m->args[2],
				    (long)m->args[3], (long)m->args[4], (long)m->args[5]);
			break;
		case SYSMSG_CMD_FD_SYSCALL:
			m->ret = fd_syscall(m);
			break;
		case SYSMSG_CMD_THREAD: {
			unsigned long n = m->args[0];

			if (n >= STUB_MAX_THREADS) {
				m->ret = -EBADF;
				break;
			}
			load_frame_fpu(slot, uc->mc.fpstate);
			m->ret = stub_thread_clone(SYSTRAP_THREAD_FLAGS, slot_stack_top(n),
						   &sysmsg_at(STUB_SYSMSG, (unsigned)n)->clear_tid, n);
			/*
			 * One that starts running holds its tid in its state word from
			 * now (for its robust list), unless it already stopped.
			 */
			if (m->ret > 0 && m->args[1]) {
				uint32_t fresh = SYSMSG_FRESH;

				__atomic_compare_exchange_n(&sysmsg_at(STUB_SYSMSG, (unsigned)n)->state, &fresh,
							    (uint32_t)m->ret | SYSMSG_WAITERS, false,
							    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
			}
			break;
		}
		case SYSMSG_CMD_FORK:
			m->ret = do_fork(m);
			break;
		case SYSMSG_CMD_EXIT:
			sc(__NR_exit, 0, 0, 0, 0, 0, 0);
			break;
		default:
			m->ret = -ENOSYS;
			break;
		}
		m->trap = SYSMSG_TRAP_DONE;
	}
}

/*
 * A new host thread (or a new stub's first): its signal stack and robust list,
 * then a first stop (int3, which stub_trap takes like any trap) where ukern
 * finds it and loads the guest's registers, or where, for a thread ukern set
 * up to start running (its page's start), it loads them from the page at once.
 */
void stub_thread_start(unsigned long slot)
{
	struct sysmsg *m = sysmsg_at(STUB_SYSMSG, (unsigned)slot);
	struct k_sigaltstack ss = { STUB_ALTSTACKS + slot * ALTSTACK_SIZE, 0, 0, ALTSTACK_SIZE };
	uint64_t none = 0;

	sc(__NR_sigaltstack, (long)&ss, 0, 0, 0, 0, 0);
	robust_init(m);
	sc(__NR_rt_sigprocmask, 2 /* SIG_SETMASK */, (long)&none, 0, 8, 0, 0);
	for (;;)
		__asm__ volatile("int3");
}
