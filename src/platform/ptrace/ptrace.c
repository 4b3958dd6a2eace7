/* SPDX-License-Identifier: MIT */
/*
 * The ptrace platform (PTRACE_SYSEMU, as User-Mode Linux). Each guest address
 * space is a stub process cloned from the zygote; each guest thread is a host
 * thread in it, traced by the ukern host thread that drives it. Memory
 * operations are system calls injected at the stub's fixed trampolines.
 */
#define _GNU_SOURCE
#include <cpuid.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>
#include "host/host.h"
#include "lib/err.h"
#include "lib/kstd.h"
#include "lib/log.h"
#include "platform/platform_impl.h"

_Static_assert(sizeof(struct regs) == sizeof(struct user_regs_struct), "regs layout");

#define KICK_SIGNAL SIGURG

static pthread_mutex_t scratch_lock = PTHREAD_MUTEX_INITIALIZER; /* STUB_DATA and pass_sock */

static int wait_stop(int tid, int *status)
{
	int r;

	do
		r = waitpid(tid, status, __WALL);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : 0;
}

static struct platform_ctx *ptrace_ctx_new(void)
{
	struct platform_ctx *ctx;
	struct platform_as *as = zygote_spawn(ZYGOTE_PARK, NULL, 0);

	if (IS_ERR(as))
		return ERR_PTR(PTR_ERR(as));
	ctx = ctx_alloc();
	ctx->as = as;
	ctx->tid = as->pid;
	ctx->fresh = true;
	return ctx;
}

static long inject(struct platform_ctx *ctx, uint64_t entry, long nr, long a1, long a2, long a3, long a4,
		   long a5, long a6);

static int ptrace_ctx_attach(struct platform_ctx *ctx)
{
	int st, r;

	if (ptrace(PTRACE_SEIZE, ctx->tid, 0, PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL | PTRACE_O_TRACESECCOMP) < 0)
		return -errno;
	if (ptrace(PTRACE_INTERRUPT, ctx->tid, 0, 0) < 0)
		return -errno;
	for (;;) {
		r = wait_stop(ctx->tid, &st);
		if (r < 0)
			return r;
		if (!WIFSTOPPED(st))
			return -ESRCH;
		if ((st >> 16) == PTRACE_EVENT_STOP)
			break;
		/* A signal-delivery stop (a kick) came first: suppress it. */
		ptrace(PTRACE_CONT, ctx->tid, 0, 0);
	}
	if (ptrace(PTRACE_GETREGS, ctx->tid, 0, &ctx->hw) < 0)
		return -errno;
	/*
	 * A zygote child closes the zygote's socket before it parks, unless the
	 * seize stopped it first (then it never runs its own code again).
	 */
	if (ctx->fresh) {
		ctx->fresh = false;
		inject(ctx, STUB_SYSCALL, SYS_close, STUB_FD_CTL, 0, 0, 0, 0, 0);
	}
	return 0;
}

/* Runs a host syscall in the (stopped) ctx at the given trampoline. */
static long inject(struct platform_ctx *ctx, uint64_t entry, long nr, long a1, long a2, long a3, long a4,
		   long a5, long a6)
{
	struct regs r = ctx->hw;
	int st;

	r.rip = entry;
	r.rax = (uint64_t)nr;
	r.orig_rax = (uint64_t)-1;
	r.rdi = (uint64_t)a1;
	r.rsi = (uint64_t)a2;
	r.rdx = (uint64_t)a3;
	r.r10 = (uint64_t)a4;
	r.r8 = (uint64_t)a5;
	r.r9 = (uint64_t)a6;
	if (ptrace(PTRACE_SETREGS, ctx->tid, 0, &r) < 0 || ptrace(PTRACE_CONT, ctx->tid, 0, 0) < 0)
		return -ESRCH;
	for (;;) {
		if (wait_stop(ctx->tid, &st) < 0 || !WIFSTOPPED(st)) {
			ctx->reaped = true;
			return -ESRCH;
		}
		/* The end of every trampoline: STUB_DONE's seccomp stop, or its int3 after all. */
		if (WSTOPSIG(st) == SIGTRAP && ((st >> 16) == PTRACE_EVENT_SECCOMP || (st >> 16) == 0))
			break;
		/* Kicks and stray signals during injection are dropped: callers re-check state. */
		ptrace(PTRACE_CONT, ctx->tid, 0, 0);
	}
	if (ptrace(PTRACE_GETREGS, ctx->tid, 0, &r) < 0)
		return -ESRCH;
	return (long)r.rdi;
}

static struct platform_ctx *ptrace_ctx_clone(struct platform_ctx *parent, bool share_as)
{
	struct platform_ctx *ctx;
	long flags = share_as ? CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD
			      : CLONE_PARENT;
	long tid = inject(parent, STUB_CLONE, SYS_clone, flags, 0, 0, 0, 0, 0);

	if (tid < 0)
		return ERR_PTR(tid);
	ctx = ctx_alloc();
	ctx->tid = (int)tid;
	if (share_as) {
		ctx->as = parent->as;
		pthread_mutex_lock(&as_lock);
		ctx->as->refs++;
		pthread_mutex_unlock(&as_lock);
	} else {
		ctx->as = as_new((int)tid);
	}
	return ctx;
}

static void ptrace_as_kill(struct platform_as *as)
{
	pthread_mutex_lock(&as_lock);
	if (!as->dead) {
		as->dead = true;
		kill(as->pid, SIGKILL);
	}
	pthread_mutex_unlock(&as_lock);
}

static void reap(int tid)
{
	int st;

	while (wait_stop(tid, &st) == 0 && !WIFEXITED(st) && !WIFSIGNALED(st))
		ptrace(PTRACE_CONT, tid, 0, 0);
}

static void ptrace_ctx_release(struct platform_ctx *ctx)
{
	struct platform_as *as = ctx->as;
	bool last, alone;

	alone = as_alone(as);
	/* A thread leaving a live process, while it still holds its reference (the others may all leave meanwhile). */
	if (!ctx->reaped && !alone) {
		if (ctx->tid != as->pid) {
			/* End just this host thread. */
			inject(ctx, STUB_SYSCALL, SYS_exit, 0, 0, 0, 0, 0, 0);
			if (!ctx->reaped)
				reap(ctx->tid);
		} else {
			/*
			 * The leader leaves while other threads run: a host leader
			 * cannot exit alone without lingering, so it parks untraced.
			 */
			struct regs r = ctx->hw;

			r.rip = STUB_PARK;
			r.orig_rax = (uint64_t)-1;
			ptrace(PTRACE_SETREGS, ctx->tid, 0, &r);
			pthread_mutex_lock(&as_lock);
			as->leader_detached = true;
			pthread_mutex_unlock(&as_lock);
			ptrace(PTRACE_DETACH, ctx->tid, 0, 0);
			ctx->reaped = true;	/* no longer ours to wait for: the last one out reaps the process */
		}
	}
	last = as_put(as);
	if (!ctx->reaped)
		reap(ctx->tid);
	if (last) {
		as_unlink(as);
		if (as->leader_detached) {
			int st;

			while (waitpid(as->pid, &st, __WALL) < 0 && errno == EINTR)
				;
		}
		as_free(as);
	}
	ctx_free(ctx);
}

/* Guest code never runs while ukern injects a call into its stub. */
static bool ptrace_fd_private(struct platform_ctx *ctx)
{
	return true;
}

static void ptrace_kick(struct platform_ctx *ctx)
{
	syscall(SYS_tgkill, ctx->as->pid, ctx->tid, KICK_SIGNAL);
}

static void ptrace_switch(struct platform_ctx *ctx, struct regs *regs, struct trap *trap)
{
	int st, sig;
	siginfo_t si;

	regs->orig_rax = (uint64_t)-1;
	if (ptrace(PTRACE_SETREGS, ctx->tid, 0, regs) < 0 || ptrace(PTRACE_SYSEMU, ctx->tid, 0, 0) < 0) {
		trap->kind = TRAP_DEAD;
		return;
	}
	for (;;) {
		if (wait_stop(ctx->tid, &st) < 0 || WIFEXITED(st) || WIFSIGNALED(st)) {
			ctx->reaped = true;
			trap->kind = TRAP_DEAD;
			return;
		}
		sig = WSTOPSIG(st);
		if (sig == (SIGTRAP | 0x80)) {
			trap->kind = TRAP_SYSCALL;
			break;
		}
		if ((st >> 16) == PTRACE_EVENT_STOP) {
			trap->kind = TRAP_INTERRUPT;
			break;
		}
		if ((sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP) &&
		    ptrace(PTRACE_GETSIGINFO, ctx->tid, 0, &si) == 0 && si.si_code > 0) {
			trap->kind = TRAP_FAULT;
			memset(&trap->info, 0, sizeof(trap->info));
			memcpy(&trap->info, &si, sizeof(trap->info) < sizeof(si) ? sizeof(trap->info) : sizeof(si));
			break;
		}
		/* The kick, or a signal from outside (never forwarded): an interrupt. */
		trap->kind = TRAP_INTERRUPT;
		break;
	}
	if (ptrace(PTRACE_GETREGS, ctx->tid, 0, regs) < 0) {
		trap->kind = TRAP_DEAD;
		return;
	}
	/* A guest call made from the stub's code: the process dies, as the seccomp filter has it. */
	if (trap->kind == TRAP_SYSCALL && regs->rip - STUB_BASE < STUB_TEXT_SIZE) {
		ptrace_as_kill(ctx->as);
		trap->kind = TRAP_DEAD;
		return;
	}
	ctx->hw = *regs;
}

static int ptrace_get_fpstate(struct platform_ctx *ctx, void *buf)
{
	struct iovec iov = { buf, xsave_size };

	return ptrace(PTRACE_GETREGSET, ctx->tid, NT_X86_XSTATE, &iov) < 0 ? -errno : 0;
}

static int ptrace_set_fpstate(struct platform_ctx *ctx, const void *buf)
{
	struct iovec iov = { (void *)buf, xsave_size };

	return ptrace(PTRACE_SETREGSET, ctx->tid, NT_X86_XSTATE, &iov) < 0 ? -errno : 0;
}


/*
 * Host fds reach a stub over pass_sock: ukern sends the fd and lays out the
 * stub's msghdr at STUB_PASS_MSG; a trampoline (STUB_MMAP_FD, STUB_PREAD_FD)
 * receives it, uses it and closes it in one stop. Call with scratch_lock held.
 */
static int send_fd(struct platform_ctx *ctx, int hostfd)
{
	struct msghdr smh = { 0 };
	struct iovec siov;
	char page[STUB_PASS_CMSG - STUB_DATA + CMSG_SPACE(sizeof(int))] = { 0 };
	int none = -1;

	_Static_assert(STUB_PASS_FD - STUB_PASS_CMSG == CMSG_LEN(0), "STUB_PASS_FD is CMSG_DATA");
	_Static_assert(sizeof(struct msghdr) <= STUB_PASS_IOV - STUB_PASS_MSG, "msghdr fits");
	/* The stub's side, pointing into the scratch page; its fd slot preset to -1. */
	siov.iov_base = (void *)STUB_PASS_BYTE;
	siov.iov_len = 1;
	smh.msg_iov = (struct iovec *)STUB_PASS_IOV;
	smh.msg_iovlen = 1;
	smh.msg_control = (void *)STUB_PASS_CMSG;
	smh.msg_controllen = CMSG_SPACE(sizeof(int));
	memcpy(page, &smh, sizeof(smh));
	memcpy(page + (STUB_PASS_IOV - STUB_DATA), &siov, sizeof(siov));
	memcpy(page + (STUB_PASS_FD - STUB_DATA), &none, sizeof(none));
	if (platform_write(ctx->as, STUB_DATA, page, sizeof(page)) != (long)sizeof(page))
		return -EFAULT;
	return send_fds(pass_sock, &hostfd, 1);
}

static long ptrace_host_call(struct platform_ctx *ctx, long nr, const long a[6])
{
	return inject(ctx, STUB_SYSCALL, nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

/* mmap and pread64 have trampolines that take the fd themselves. */
static long ptrace_host_fd_call(struct platform_ctx *ctx, int hostfd, long nr, int fd_arg, const long a[6])
{
	long r;

	if (!((nr == SYS_mmap && fd_arg == 4) || ((nr == SYS_pread64 || nr == SYS_pwrite64) && fd_arg == 0)))
		return -ENOSYS;
	pthread_mutex_lock(&scratch_lock);
	r = send_fd(ctx, hostfd);
	if (r == 0)
		r = inject(ctx, nr == SYS_mmap ? STUB_MMAP_FD : nr == SYS_pread64 ? STUB_PREAD_FD : STUB_PWRITE_FD, 0,
			   a[0], a[1], a[2], a[3], 0, a[5]);
	if (r < 0)
		drain_fds(pass_drain);
	pthread_mutex_unlock(&scratch_lock);
	return r;
}

static uaddr_t ptrace_scratch_get(struct platform_ctx *ctx, size_t *size)
{
	pthread_mutex_lock(&scratch_lock);
	*size = STUB_DATA_SIZE;
	return STUB_DATA;
}

static void ptrace_scratch_put(struct platform_ctx *ctx)
{
	pthread_mutex_unlock(&scratch_lock);
}

const struct platform_ops ptrace_ops = {
	.name = "ptrace",
	.fd_private = ptrace_fd_private,
	.ctx_new = ptrace_ctx_new,
	.ctx_clone = ptrace_ctx_clone,
	.ctx_attach = ptrace_ctx_attach,
	.ctx_release = ptrace_ctx_release,
	.as_kill = ptrace_as_kill,
	.switch_to = ptrace_switch,
	.kick = ptrace_kick,
	.get_fpstate = ptrace_get_fpstate,
	.set_fpstate = ptrace_set_fpstate,
	.host_call = ptrace_host_call,
	.host_fd_call = ptrace_host_fd_call,
	.scratch_get = ptrace_scratch_get,
	.scratch_put = ptrace_scratch_put,
};
