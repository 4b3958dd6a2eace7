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
#include "platform/platform.h"
#include "platform/ptrace/stub_layout.h"

_Static_assert(sizeof(struct regs) == sizeof(struct user_regs_struct), "regs layout");

#define KICK_SIGNAL SIGURG

struct platform_as {
	struct platform_as *next_live; /* all live address spaces, for shutdown */
	int pid;
	int refs;		/* protected by as_lock */
	bool leader_detached;	/* the leader parks untraced; reap it at the end */
	bool dead;
};

struct platform_ctx {
	struct platform_as *as;
	int tid;
	bool reaped;		/* its host exit was collected */
	struct regs hw;		/* a valid register template for injection */
};

static int zygote_ctl = -1, pass_sock = -1, pass_drain = -1, zygote_pid;
static pthread_mutex_t zygote_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t as_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t scratch_lock = PTHREAD_MUTEX_INITIALIZER; /* STUB_DATA and pass_sock */
static struct platform_as *live_as; /* protected by as_lock */
static size_t xsave_size = 512;
static uint64_t xfeatures = 3;

extern const char stub_elf_start[], stub_elf_end[];

const char *platform_name(void)
{
	return "ptrace";
}

size_t platform_fpstate_size(void)
{
	return xsave_size;
}

uint64_t platform_xfeatures(void)
{
	return xfeatures;
}

static int move_high(int fd)
{
	int n = fcntl(fd, F_DUPFD_CLOEXEC, 10);

	if (n < 0)
		return fd;
	close(fd);
	return n;
}

uint64_t platform_hwcap(void)
{
	unsigned a, b, c, d;

	return __get_cpuid(1, &a, &b, &c, &d) ? d : 0;
}

int platform_init(const char *name)
{
	int ctl[2], pass[2], mfd;
	unsigned a, b, c, d;
	pid_t pid;
	size_t len = (size_t)(stub_elf_end - stub_elf_start);

	if (name && strcmp(name, "ptrace"))
		return -EINVAL;
	if (__get_cpuid_count(0xd, 0, &a, &b, &c, &d) && b >= 576) {
		xsave_size = b;
		xfeatures = ((uint64_t)d << 32) | a;
	}
	/* Linux >= 6.3 may default memfds to noexec (vm.memfd_noexec): ask for exec. */
	mfd = memfd_create("ukern-stub", MFD_CLOEXEC | 0x10 /* MFD_EXEC */);
	if (mfd < 0 && errno == EINVAL)
		mfd = memfd_create("ukern-stub", MFD_CLOEXEC);
	if (mfd < 0)
		return -errno;
	if (write(mfd, stub_elf_start, len) != (ssize_t)len)
		return -EIO;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ctl) < 0 ||
	    socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, pass) < 0)
		return -errno;
	/* Keep all four clear of the fd numbers the child dup2()s onto. */
	mfd = move_high(mfd);
	ctl[1] = move_high(ctl[1]);
	pass[1] = move_high(pass[1]);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		static char *const argv[] = { "ukern-zygote", NULL }, *const envp[] = { NULL };
		sigset_t all;

		/* Only async-signal-safe calls between fork and exec. */
		dup2(ctl[1], STUB_FD_CTL);
		dup2(pass[1], STUB_FD_PASS);
		/* mfd (CLOEXEC) survives until the exec itself. */
		syscall(SYS_close_range, STUB_FD_PASS + 1, mfd - 1, 0);
		syscall(SYS_close_range, mfd + 1, ~0U, 0);
		setsid();
		sigemptyset(&all);
		sigprocmask(SIG_SETMASK, &all, NULL);
		syscall(SYS_execveat, mfd, "", argv, envp, AT_EMPTY_PATH);
		_exit(127);
	}
	close(ctl[1]);
	close(mfd);
	zygote_ctl = ctl[0];
	pass_sock = pass[0];
	pass_drain = pass[1]; /* the stubs' end too: a message a dead stub left is dropped here */
	zygote_pid = pid;
	return 0;
}

static int wait_stop(int tid, int *status)
{
	int r;

	do
		r = waitpid(tid, status, __WALL);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : 0;
}

struct platform_ctx *platform_ctx_new(void)
{
	struct platform_ctx *ctx;
	struct platform_as *as;
	char req = 1;
	int pid = -1;

	pthread_mutex_lock(&zygote_lock);
	if (write(zygote_ctl, &req, 1) != 1 || read(zygote_ctl, &pid, sizeof(pid)) != sizeof(pid) ||
	    pid <= 0) {
		pthread_mutex_unlock(&zygote_lock);
		log_msg("the zygote is gone (stub creation failed)");
		return ERR_PTR(-EAGAIN);
	}
	pthread_mutex_unlock(&zygote_lock);
	as = kzalloc(sizeof(*as));
	as->pid = pid;
	as->refs = 1;
	pthread_mutex_lock(&as_lock);
	as->next_live = live_as;
	live_as = as;
	pthread_mutex_unlock(&as_lock);
	ctx = kzalloc(sizeof(*ctx));
	ctx->as = as;
	ctx->tid = pid;
	return ctx;
}

int platform_ctx_attach(struct platform_ctx *ctx)
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

struct platform_ctx *platform_ctx_clone(struct platform_ctx *parent, bool share_as)
{
	struct platform_ctx *ctx;
	long flags = share_as ? CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD
			      : CLONE_PARENT;
	long tid = inject(parent, STUB_CLONE, SYS_clone, flags, 0, 0, 0, 0, 0);

	if (tid < 0)
		return ERR_PTR(tid);
	ctx = kzalloc(sizeof(*ctx));
	ctx->tid = (int)tid;
	if (share_as) {
		ctx->as = parent->as;
		pthread_mutex_lock(&as_lock);
		ctx->as->refs++;
		pthread_mutex_unlock(&as_lock);
	} else {
		ctx->as = kzalloc(sizeof(*ctx->as));
		ctx->as->pid = (int)tid;
		ctx->as->refs = 1;
		pthread_mutex_lock(&as_lock);
		ctx->as->next_live = live_as;
		live_as = ctx->as;
		pthread_mutex_unlock(&as_lock);
	}
	return ctx;
}

void platform_as_kill(struct platform_as *as)
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

void platform_ctx_release(struct platform_ctx *ctx)
{
	struct platform_as *as = ctx->as;
	bool last;

	pthread_mutex_lock(&as_lock);
	last = --as->refs == 0;
	if (last && !as->dead) {
		as->dead = true;
		kill(as->pid, SIGKILL);
	}
	pthread_mutex_unlock(&as_lock);
	if (!ctx->reaped) {
		if (last || as->dead) {
			reap(ctx->tid);
		} else if (ctx->tid != as->pid) {
			/* A thread leaving a live process: end just this host thread. */
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
		}
	}
	if (last) {
		struct platform_as **pp;

		pthread_mutex_lock(&as_lock);
		for (pp = &live_as; *pp; pp = &(*pp)->next_live) {
			if (*pp == as) {
				*pp = as->next_live;
				break;
			}
		}
		pthread_mutex_unlock(&as_lock);
		if (as->leader_detached && ctx->tid != as->pid) {
			int st;

			while (waitpid(as->pid, &st, __WALL) < 0 && errno == EINTR)
				;
		}
		kfree(as);
	}
	kfree(ctx);
}

void platform_shutdown(void)
{
	struct platform_as *as;
	int i, st;

	pthread_mutex_lock(&as_lock);
	for (as = live_as; as; as = as->next_live)
		kill(as->pid, SIGKILL);
	pthread_mutex_unlock(&as_lock);
	if (zygote_pid > 0)
		kill(zygote_pid, SIGKILL);
	/*
	 * Reap what we can for a moment (up to 100 ms): a host init that does not
	 * reap would keep them as zombies. Short naps: a killed stub is gone in
	 * microseconds, and this is on the way out of every ukern run.
	 */
	for (i = 0; i < 1000; i++) {
		pid_t p = waitpid(-1, &st, __WALL | WNOHANG);

		if (p < 0)
			break;
		if (p == 0)
			usleep(100);
	}
}

struct platform_as *platform_ctx_as(struct platform_ctx *ctx)
{
	return ctx->as;
}

int platform_ctx_host_tid(struct platform_ctx *ctx)
{
	return ctx->tid;
}

int platform_as_host_pid(struct platform_as *as)
{
	return as->pid;
}

void platform_ctx_pin(struct platform_ctx *ctx, int cpu)
{
	int n = host_ncpus();
	cpu_set_t set;

	CPU_ZERO(&set);
	if (cpu < 0) {
		for (cpu = 0; cpu < n; cpu++)
			CPU_SET(cpu, &set);
	} else {
		CPU_SET(cpu % n, &set);
	}
	sched_setaffinity(0, sizeof(set), &set);
	sched_setaffinity(ctx->tid, sizeof(set), &set);
}

void platform_kick(struct platform_ctx *ctx)
{
	syscall(SYS_tgkill, ctx->as->pid, ctx->tid, KICK_SIGNAL);
}

void platform_switch(struct platform_ctx *ctx, struct regs *regs, struct trap *trap)
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
	ctx->hw = *regs;
}

int platform_get_fpstate(struct platform_ctx *ctx, void *buf)
{
	struct iovec iov = { buf, xsave_size };

	return ptrace(PTRACE_GETREGSET, ctx->tid, NT_X86_XSTATE, &iov) < 0 ? -errno : 0;
}

int platform_set_fpstate(struct platform_ctx *ctx, const void *buf)
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
	union {
		struct cmsghdr c;
		char buf[CMSG_SPACE(sizeof(int))];
	} cm;
	struct msghdr mh = { 0 }, smh = { 0 };
	struct iovec iov, siov;
	struct cmsghdr *c;
	char byte = 0, page[STUB_PASS_CMSG - STUB_DATA + CMSG_SPACE(sizeof(int))] = { 0 };
	int none = -1;

	_Static_assert(STUB_PASS_FD - STUB_PASS_CMSG == CMSG_LEN(0), "STUB_PASS_FD is CMSG_DATA");
	_Static_assert(sizeof(struct msghdr) <= STUB_PASS_IOV - STUB_PASS_MSG, "msghdr fits");
	iov.iov_base = &byte;
	iov.iov_len = 1;
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cm.buf;
	mh.msg_controllen = sizeof(cm.buf);
	c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &hostfd, sizeof(int));
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
	if (sendmsg(pass_sock, &mh, 0) < 0)
		return -errno;
	return 0;
}

/* After a failed trampoline (the stub died, or its recvmsg failed): the next stub must not get the fd. */
static void drain_fds(void)
{
	union {
		struct cmsghdr c;
		char buf[CMSG_SPACE(sizeof(int))];
	} cm;
	char byte;
	struct iovec iov = { &byte, 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cm.buf };
	struct cmsghdr *c;
	int fd;

	for (;;) {
		mh.msg_controllen = sizeof(cm.buf);
		if (recvmsg(pass_drain, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC) < 0)
			break;
		c = CMSG_FIRSTHDR(&mh);
		if (c && c->cmsg_type == SCM_RIGHTS) {
			memcpy(&fd, CMSG_DATA(c), sizeof(int));
			close(fd);
		}
	}
}

long platform_mmap(struct platform_ctx *ctx, uaddr_t addr, uint64_t len, int prot, int flags, int hostfd,
		   uint64_t off)
{
	long r;

	if (hostfd < 0)
		return inject(ctx, STUB_SYSCALL, SYS_mmap, (long)addr, (long)len, prot, flags, -1, (long)off);
	pthread_mutex_lock(&scratch_lock);
	r = send_fd(ctx, hostfd);
	if (r == 0)
		r = inject(ctx, STUB_MMAP_FD, 0, (long)addr, (long)len, prot, flags, 0, (long)off);
	if (r < 0)
		drain_fds();
	pthread_mutex_unlock(&scratch_lock);
	return r;
}

long platform_pread_fd(struct platform_ctx *ctx, int hostfd, uaddr_t addr, size_t n, uint64_t off)
{
	long r;

	pthread_mutex_lock(&scratch_lock);
	r = send_fd(ctx, hostfd);
	if (r == 0)
		r = inject(ctx, STUB_PREAD_FD, 0, 0, (long)addr, (long)n, (long)off, 0, 0);
	if (r < 0)
		drain_fds();
	pthread_mutex_unlock(&scratch_lock);
	return r;
}

long platform_munmap(struct platform_ctx *ctx, uaddr_t addr, uint64_t len)
{
	return inject(ctx, STUB_SYSCALL, SYS_munmap, (long)addr, (long)len, 0, 0, 0, 0);
}

long platform_mprotect(struct platform_ctx *ctx, uaddr_t addr, uint64_t len, int prot)
{
	return inject(ctx, STUB_SYSCALL, SYS_mprotect, (long)addr, (long)len, prot, 0, 0, 0);
}

long platform_mremap(struct platform_ctx *ctx, uaddr_t old, uint64_t oldlen, uint64_t newlen, int flags,
		    uaddr_t newaddr)
{
	return inject(ctx, STUB_SYSCALL, SYS_mremap, (long)old, (long)oldlen, (long)newlen, flags,
		      (long)newaddr, 0);
}

long platform_madvise(struct platform_ctx *ctx, uaddr_t addr, uint64_t len, int advice)
{
	return inject(ctx, STUB_SYSCALL, SYS_madvise, (long)addr, (long)len, advice, 0, 0, 0);
}

long platform_msync(struct platform_ctx *ctx, uaddr_t addr, uint64_t len, int flags)
{
	return inject(ctx, STUB_SYSCALL, SYS_msync, (long)addr, (long)len, flags, 0, 0, 0);
}

long platform_mincore(struct platform_ctx *ctx, uaddr_t addr, uint64_t len, unsigned char *vec)
{
	uint64_t pages = (len + 4095) / 4096, done = 0;
	long r = 0;

	pthread_mutex_lock(&scratch_lock);
	while (done < pages) {
		uint64_t n = pages - done > STUB_DATA_SIZE ? STUB_DATA_SIZE : pages - done;

		r = inject(ctx, STUB_SYSCALL, SYS_mincore, (long)(addr + done * 4096), (long)(n * 4096),
			   STUB_DATA, 0, 0, 0);
		if (r < 0)
			break;
		if (platform_read(ctx->as, STUB_DATA, vec + done, n) != (long)n) {
			r = -EFAULT;
			break;
		}
		done += n;
	}
	pthread_mutex_unlock(&scratch_lock);
	return r;
}

void platform_set_name(struct platform_ctx *ctx, const char *name)
{
	char buf[16] = { 0 };

	strncpy(buf, name, sizeof(buf) - 1);
	pthread_mutex_lock(&scratch_lock);
	if (platform_write(ctx->as, STUB_DATA, buf, sizeof(buf)) == sizeof(buf))
		inject(ctx, STUB_SYSCALL, SYS_prctl, PR_SET_NAME, STUB_DATA, 0, 0, 0, 0);
	pthread_mutex_unlock(&scratch_lock);
}

/*
 * The host command line of the stub process: args is NUL-separated, ps shows
 * it space-joined. PR_SET_MM_MAP (CONFIG_CHECKPOINT_RESTORE, no capability
 * needed) points arg_start/arg_end at the stub's title page; the other fields
 * only describe the stub's own image, which has no brk, stack or environment.
 */
void platform_set_title(struct platform_ctx *ctx, const char *args, size_t len)
{
	static bool unsupported;
	struct prctl_mm_map map = {
		.start_code = STUB_BASE,
		.end_code = STUB_BASE + 0x1000,
		.start_data = STUB_DATA,
		.end_data = STUB_DATA,
		.start_brk = STUB_END,
		.brk = STUB_END,
		.start_stack = STUB_END,
		.exe_fd = (uint32_t)-1,
	};
	char page[STUB_TITLE_SIZE] = { 0 };
	long r;

	if (unsupported || len == 0)
		return;
	if (len > sizeof(page) - 1)
		len = sizeof(page) - 1;
	memcpy(page, args, len);
	map.arg_start = STUB_TITLE;
	map.arg_end = STUB_TITLE + len + 1;
	map.env_start = map.env_end = map.arg_end;
	if (platform_write(ctx->as, STUB_TITLE, page, len + 1) != (long)len + 1)
		return;
	pthread_mutex_lock(&scratch_lock);
	r = platform_write(ctx->as, STUB_DATA, &map, sizeof(map));
	if (r == sizeof(map))
		r = inject(ctx, STUB_SYSCALL, SYS_prctl, PR_SET_MM, PR_SET_MM_MAP, STUB_DATA, sizeof(map), 0, 0);
	pthread_mutex_unlock(&scratch_lock);
	if (r == -EINVAL || r == -EPERM) {
		unsupported = true;
		log_msg("host ps shows no guest command lines: prctl(PR_SET_MM_MAP) failed: %s", strerror((int)-r));
	}
}

long platform_read(struct platform_as *as, uaddr_t addr, void *buf, size_t n)
{
	struct iovec l = { buf, n }, r = { (void *)addr, n };
	ssize_t got;

	if (n == 0)
		return 0;
	got = process_vm_readv(as->pid, &l, 1, &r, 1, 0);
	return got < 0 ? -EFAULT : got;
}

long platform_write(struct platform_as *as, uaddr_t addr, const void *buf, size_t n)
{
	struct iovec l = { (void *)buf, n }, r = { (void *)addr, n };
	ssize_t got;

	if (n == 0)
		return 0;
	got = process_vm_writev(as->pid, &l, 1, &r, 1, 0);
	return got < 0 ? -EFAULT : got;
}
