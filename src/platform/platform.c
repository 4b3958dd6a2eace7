/* SPDX-License-Identifier: MIT */
/*
 * What the two platforms share: choosing one, the zygote every stub is cloned
 * from, the list of live address spaces, guest memory access, and the memory
 * operations, which are host calls made inside a stub whichever way the
 * platform makes them (platform_impl.h).
 */
#define _GNU_SOURCE
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "host/host.h"
#include "lib/err.h"
#include "lib/kstd.h"
#include "lib/log.h"
#include "platform/platform_impl.h"

int pass_sock = -1, pass_drain = -1;
pthread_mutex_t as_lock = PTHREAD_MUTEX_INITIALIZER;
size_t xsave_size = 512;
uint64_t xfeatures = 3;

static const struct platform_ops *ops;
static int zygote_ctl = -1, zygote_pid;
static pthread_mutex_t zygote_lock = PTHREAD_MUTEX_INITIALIZER;
static struct platform_as *live_as; /* protected by as_lock */

extern const char stub_elf_start[], stub_elf_end[];

const char *platform_name(void)
{
	return ops ? ops->name : "none";
}

size_t platform_fpstate_size(void)
{
	return xsave_size;
}

uint64_t platform_xfeatures(void)
{
	return xfeatures;
}

static uint64_t hwcap;

/* Read once, in platform_init: CPUID traps to the hypervisor on a VM (tens of microseconds). */
uint64_t platform_hwcap(void)
{
	return hwcap;
}

static int move_high(int fd)
{
	int n = fcntl(fd, F_DUPFD_CLOEXEC, 10);

	if (n < 0)
		return fd;
	close(fd);
	return n;
}

static int start_zygote(void)
{
	int ctl[2], pass[2], mfd;
	pid_t pid;
	size_t len = (size_t)(stub_elf_end - stub_elf_start);

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

int platform_init(const char *name)
{
	unsigned a, b, c, d;
	int r;

	if (!name || !strcmp(name, "seccomp"))
		ops = &seccomp_ops;
	else if (!strcmp(name, "ptrace"))
		ops = &ptrace_ops;
	else
		return -EINVAL;
	/* Both platforms' stubs confine themselves with a seccomp filter. */
	if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) < 0) {
		log_msg("the host kernel has no seccomp (CONFIG_SECCOMP_FILTER): stubs cannot be confined");
		return -ENOSYS;
	}
	if (__get_cpuid(1, &a, &b, &c, &d))
		hwcap = d;
	if (__get_cpuid_count(0xd, 0, &a, &b, &c, &d) && b >= 576) {
		xsave_size = b;
		xfeatures = ((uint64_t)d << 32) | a;
	}
	r = start_zygote();
	if (r == 0 && ops->init)
		r = ops->init();
	return r;
}

/* One byte and n (at most 2) fds in an SCM_RIGHTS message: 0 or -errno. */
static int send_byte_fds(int sock, char byte, const int *fds, int n)
{
	union {
		struct cmsghdr c;
		char buf[CMSG_SPACE(2 * sizeof(int))];
	} cm;
	struct iovec iov = { &byte, 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t r;

	if (n) {
		struct cmsghdr *c;

		mh.msg_control = cm.buf;
		mh.msg_controllen = CMSG_SPACE((size_t)n * sizeof(int));
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN((size_t)n * sizeof(int));
		memcpy(CMSG_DATA(c), fds, (size_t)n * sizeof(int));
	}
	while ((r = sendmsg(sock, &mh, 0)) < 0 && errno == EINTR)
		;
	return r < 0 ? -errno : 0;
}

int send_fds(int sock, const int *fds, int n)
{
	return send_byte_fds(sock, 0, fds, n);
}

void drain_fds(int sock)
{
	union {
		struct cmsghdr c;
		char buf[CMSG_SPACE(2 * sizeof(int))];
	} cm;
	char byte;
	struct iovec iov = { &byte, 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cm.buf };
	struct cmsghdr *c;
	int fd[2];
	size_t i, n;

	for (;;) {
		mh.msg_controllen = sizeof(cm.buf);
		if (recvmsg(sock, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC) < 0)
			break;
		c = CMSG_FIRSTHDR(&mh);
		if (c && c->cmsg_type == SCM_RIGHTS) {
			n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
			memcpy(fd, CMSG_DATA(c), n * sizeof(int));
			for (i = 0; i < n && i < 2; i++)
				close(fd[i]);
		}
	}
}

/* A fresh address space record (refs 1); the caller links it (link_as, under as_lock). */
static struct platform_as *as_alloc(int pid)
{
	struct platform_as *as = kzalloc(sizeof(*as));

	as->pid = pid;
	as->refs = 1;
	as->pass_sock = as->pass_peer = as->msg_fd = as->stat_fd = -1;
	pthread_mutex_init(&as->pass_lock, NULL);
	return as;
}

bool as_alone(struct platform_as *as)
{
	bool r;

	pthread_mutex_lock(&as_lock);
	r = as->refs == 1 || as->dead;
	pthread_mutex_unlock(&as_lock);
	return r;
}

bool as_put(struct platform_as *as)
{
	bool last;

	pthread_mutex_lock(&as_lock);
	last = --as->refs == 0;
	if (last && !as->dead) {
		as->dead = true;
		kill(as->pid, SIGKILL);
	}
	pthread_mutex_unlock(&as_lock);
	return last;
}

/* Host fds kept for schedstat (a reread costs 0.8 us, an open, read and close 5 us), at most SCHED_FDS_MAX. */
#define SCHED_FDS_MAX 512
static int sched_fds;

struct platform_ctx *ctx_alloc(void)
{
	struct platform_ctx *ctx = kzalloc(sizeof(*ctx));

	ctx->sched_fd = -1;
	ctx->cpu = -2;
	return ctx;
}

void ctx_free(struct platform_ctx *ctx)
{
	if (ctx->sched_fd >= 0) {
		close(ctx->sched_fd);
		__atomic_sub_fetch(&sched_fds, 1, __ATOMIC_RELAXED);
	}
	kfree(ctx);
}

long platform_ctx_cpu_ns(struct platform_ctx *ctx)
{
	long raw;

	if (ctx->sched_fd < 0 && __atomic_load_n(&sched_fds, __ATOMIC_RELAXED) < SCHED_FDS_MAX) {
		ctx->sched_fd = host_task_schedstat_open(ctx->as->pid, ctx->tid);
		if (ctx->sched_fd >= 0)
			__atomic_add_fetch(&sched_fds, 1, __ATOMIC_RELAXED);
	}
	raw = ctx->sched_fd >= 0 ? host_task_schedstat_runtime(ctx->sched_fd)
				 : host_task_runtime_ns(ctx->as->pid, ctx->tid);
	if (raw < 0)
		return raw;
	ctx->cpu_raw = raw;
	return raw - ctx->cpu_base;
}

void as_free(struct platform_as *as)
{
	if (as->stat_fd >= 0)
		close(as->stat_fd);
	pthread_mutex_destroy(&as->pass_lock);
	kfree(as);
}

static void link_as(struct platform_as *as)
{
	as->next_live = live_as;
	live_as = as;
}

struct platform_as *as_new(int pid)
{
	struct platform_as *as = as_alloc(pid);

	pthread_mutex_lock(&as_lock);
	link_as(as);
	pthread_mutex_unlock(&as_lock);
	return as;
}

/*
 * A request may be sent ahead (zygote_request) and its answer taken later
 * (zygote_answer), so that the zygote clones the next stub while the last is
 * put to use. As long as an answer is unread its stub is a child of ukern that
 * is not on the live list: as_claim reads it first (zygote_ready holds it).
 */
static bool zygote_pending;
static struct platform_as *zygote_ready;

/* Says why no stub can be made: the zygote ended (its status says where it stopped), or its socket failed. */
static void zygote_gone(const char *why)
{
	int st, i;
	pid_t p = 0;

	/* Its socket closes before it is reapable: give it up to 100 ms to end. */
	for (i = 0; i < 100 && (p = waitpid(zygote_pid, &st, WNOHANG | __WALL)) == 0; i++)
		usleep(1000);
	if (p == zygote_pid)
		log_msg("the zygote is gone (%s): it %s %d%s", why, WIFEXITED(st) ? "exited with" : "was killed by signal",
			WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st),
			WIFEXITED(st) && WEXITSTATUS(st) == 121 ? " (no /proc/self/maps)" :
			WIFEXITED(st) && WEXITSTATUS(st) == 122 ? " (no seccomp filter)" :
			WIFEXITED(st) && WEXITSTATUS(st) == 123 ? " (the signal stacks' range was taken)" : "");
	else
		log_msg("the zygote is gone (%s)", why);
}

/* Reads the answer to the request out (zygote_lock held): its address space on the live list, or ERR_PTR. */
static struct platform_as *read_answer(void)
{
	int pid = -1;
	ssize_t r;

	zygote_pending = false;
	while ((r = read(zygote_ctl, &pid, sizeof(pid))) < 0 && errno == EINTR)
		;
	if (r != sizeof(pid)) {
		zygote_gone(r < 0 ? strerror(errno) : "no answer");
		return ERR_PTR(-EAGAIN);
	}
	if (pid <= 0) {
		log_msg("the zygote cannot clone a stub: %s", strerror(-pid));
		return ERR_PTR(pid < 0 ? pid : -EAGAIN);
	}
	return as_new(pid);
}

int zygote_request(char req, const int *fds, int nfds)
{
	int r;

	pthread_mutex_lock(&zygote_lock);
	r = zygote_pending || zygote_ready ? -EBUSY : send_byte_fds(zygote_ctl, req, fds, nfds);
	if (r == 0)
		zygote_pending = true;
	pthread_mutex_unlock(&zygote_lock);
	return r;
}

struct platform_as *zygote_answer(void)
{
	struct platform_as *as;

	pthread_mutex_lock(&zygote_lock);
	as = zygote_pending ? read_answer() : zygote_ready ? zygote_ready : ERR_PTR(-EAGAIN);
	zygote_ready = NULL;
	pthread_mutex_unlock(&zygote_lock);
	return as;
}

struct platform_as *zygote_spawn(char req, const int *fds, int nfds)
{
	int r = zygote_request(req, fds, nfds);

	if (r < 0) {
		zygote_gone(strerror(-r));
		return ERR_PTR(-EAGAIN);
	}
	return zygote_answer();
}

/*
 * A pid a stub reported as its fork child (seccomp platform: the page is the
 * guest's to write, so it may lie). It must be a live child of ukern that is
 * neither the zygote nor a known stub, or ukern would read and write another
 * process's memory as the child's.
 */
struct platform_as *as_claim(int pid)
{
	struct platform_as *as = NULL, *o;
	siginfo_t si;
	bool ok;

	pthread_mutex_lock(&zygote_lock);
	/* A stub cloned ahead must be known before pid is checked against the live list. */
	if (zygote_pending)
		zygote_ready = read_answer();
	pthread_mutex_lock(&as_lock);
	memset(&si, 0, sizeof(si));
	ok = pid > 0 && pid != zygote_pid && waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT | __WALL) == 0 &&
	     si.si_pid == 0;
	for (o = live_as; ok && o; o = o->next_live)
		ok = o->pid != pid;
	if (ok) {
		as = as_alloc(pid);
		link_as(as);
	}
	pthread_mutex_unlock(&as_lock);
	pthread_mutex_unlock(&zygote_lock);
	return as;
}

void as_unlink(struct platform_as *as)
{
	struct platform_as **pp;

	pthread_mutex_lock(&as_lock);
	for (pp = &live_as; *pp; pp = &(*pp)->next_live) {
		if (*pp == as) {
			*pp = as->next_live;
			break;
		}
	}
	pthread_mutex_unlock(&as_lock);
}

void platform_shutdown(void)
{
	struct platform_as *as;
	int i, st;

	pthread_mutex_lock(&as_lock);
	for (as = live_as; as; as = as->next_live)
		kill(as->pid, SIGKILL);
	pthread_mutex_unlock(&as_lock);
	/* The zygote leads the process group of every stub, and of any process a guest made with the stub's own clone. */
	if (zygote_pid > 0)
		kill(-zygote_pid, SIGKILL);
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

struct platform_ctx *platform_ctx_new(void)
{
	return ops->ctx_new();
}

struct platform_ctx *platform_ctx_clone(struct platform_ctx *parent, bool share_as)
{
	return ops->ctx_clone(parent, share_as);
}

struct platform_ctx *platform_ctx_clone_running(struct platform_ctx *parent, const struct regs *regs,
						const struct platform_served *s, bool serve)
{
	return ops->ctx_clone_running ? ops->ctx_clone_running(parent, regs, s, serve) : NULL;
}

bool platform_ctx_stopped_at(struct platform_ctx *ctx, long nr, struct regs *regs, struct trap *trap)
{
	return ops->ctx_stopped_at && ops->ctx_stopped_at(ctx, nr, regs, trap);
}

int platform_ctx_attach(struct platform_ctx *ctx)
{
	return ops->ctx_attach(ctx);
}

void platform_ctx_release(struct platform_ctx *ctx)
{
	ops->ctx_release(ctx);
}

void platform_as_kill(struct platform_as *as)
{
	ops->as_kill(as);
}

int platform_start_cpu(struct platform_ctx *creator, int tid)
{
	return creator && creator->cpu >= 0 && ops->rebalance_running ? creator->cpu : tid;
}

void platform_switch(struct platform_ctx *ctx, struct regs *regs, struct trap *trap)
{
	platform_rebalance(ctx, false);
	ops->switch_to(ctx, regs, trap);
}

bool platform_stub_fd_private(struct platform_ctx *ctx)
{
	return ops->fd_private(ctx);
}

void platform_load(int delta)
{
	placement_load(delta);
	if (ops->load)
		ops->load(delta);
}

void platform_kick(struct platform_ctx *ctx)
{
	ops->kick(ctx);
}

int platform_get_fpstate(struct platform_ctx *ctx, void *buf)
{
	return ops->get_fpstate(ctx, buf);
}

int platform_set_fpstate(struct platform_ctx *ctx, const void *buf)
{
	return ops->set_fpstate(ctx, buf);
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
	int want = cpu < 0 ? -1 : cpu % host_ncpus();

	host_pin_self(want);
	/* Skipped where its host thread is known to be there (a new thread has its creator's). */
	if (ctx->cpu != want)
		host_pin_thread(ctx->tid, want);
	ctx->cpu = want;
	ctx->apart = false;	/* the seccomp driver sits on ctx->cpu again */
	ctx->calm = 0;
	placement_moved(ctx->cpu);
}

static long host_call(struct platform_ctx *ctx, long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
	const long a[6] = { a1, a2, a3, a4, a5, a6 };

	return ops->host_call(ctx, nr, a);
}

long platform_mmap(struct platform_ctx *ctx, uaddr_t addr, uint64_t len, int prot, int flags, int hostfd,
		   uint64_t off)
{
	const long a[6] = { (long)addr, (long)len, prot, flags, -1, (long)off };

	if (hostfd < 0)
		return ops->host_call(ctx, SYS_mmap, a);
	return ops->host_fd_call(ctx, hostfd, SYS_mmap, 4, a);
}

long platform_pread_fd(struct platform_ctx *ctx, int hostfd, uaddr_t addr, size_t n, uint64_t off)
{
	const long a[6] = { -1, (long)addr, (long)n, (long)off, 0, 0 };
	long r = ops->host_fd_call(ctx, hostfd, SYS_pread64, 0, a);

	/* The seccomp platform's result comes from a page the guest can write. */
	return r > (long)n ? -EIO : r;
}

long platform_pwrite_fd(struct platform_ctx *ctx, int hostfd, uaddr_t addr, size_t n, uint64_t off)
{
	const long a[6] = { -1, (long)addr, (long)n, (long)off, 0, 0 };
	long r = ops->host_fd_call(ctx, hostfd, SYS_pwrite64, 0, a);

	return r > (long)n ? -EIO : r;
}

long platform_munmap(struct platform_ctx *ctx, uaddr_t addr, uint64_t len)
{
	return host_call(ctx, SYS_munmap, (long)addr, (long)len, 0, 0, 0, 0);
}

long platform_mprotect(struct platform_ctx *ctx, uaddr_t addr, uint64_t len, int prot)
{
	return host_call(ctx, SYS_mprotect, (long)addr, (long)len, prot, 0, 0, 0);
}

long platform_mremap(struct platform_ctx *ctx, uaddr_t old, uint64_t oldlen, uint64_t newlen, int flags,
		    uaddr_t newaddr)
{
	return host_call(ctx, SYS_mremap, (long)old, (long)oldlen, (long)newlen, flags, (long)newaddr, 0);
}

long platform_madvise(struct platform_ctx *ctx, uaddr_t addr, uint64_t len, int advice)
{
	return host_call(ctx, SYS_madvise, (long)addr, (long)len, advice, 0, 0, 0);
}

long platform_msync(struct platform_ctx *ctx, uaddr_t addr, uint64_t len, int flags)
{
	return host_call(ctx, SYS_msync, (long)addr, (long)len, flags, 0, 0, 0);
}

long platform_mincore(struct platform_ctx *ctx, uaddr_t addr, uint64_t len, unsigned char *vec)
{
	uint64_t pages = (len + 4095) / 4096, done = 0;
	size_t size;
	uaddr_t scratch = ops->scratch_get(ctx, &size);
	long r = 0;

	while (done < pages) {
		uint64_t n = pages - done > size ? size : pages - done;

		r = host_call(ctx, SYS_mincore, (long)(addr + done * 4096), (long)(n * 4096), (long)scratch, 0, 0, 0);
		if (r < 0)
			break;
		if (platform_read(ctx->as, scratch, vec + done, n) != (long)n) {
			r = -EFAULT;
			break;
		}
		done += n;
	}
	ops->scratch_put(ctx);
	return r;
}

void platform_served_put(struct platform_ctx *ctx, const struct platform_served *s, bool serve)
{
	if (ops->served_put)
		ops->served_put(ctx, s, serve);
}

bool platform_served_get(struct platform_ctx *ctx, struct platform_served *s)
{
	if (!ops->served_get)
		return false;
	ops->served_get(ctx, s);
	return true;
}

void platform_sigpending_add(struct platform_ctx *ctx, uint64_t sigs)
{
	if (ops->sigpending_add)
		ops->sigpending_add(ctx, sigs);
}

void platform_set_name(struct platform_ctx *ctx, const char *name)
{
	char buf[16] = { 0 };
	size_t size;
	uaddr_t scratch;

	if (ops->set_name) {
		ops->set_name(ctx, name);
		return;
	}
	scratch = ops->scratch_get(ctx, &size);
	strncpy(buf, name, sizeof(buf) - 1);
	if (platform_write(ctx->as, scratch, buf, sizeof(buf)) == sizeof(buf))
		host_call(ctx, SYS_prctl, PR_SET_NAME, (long)scratch, 0, 0, 0, 0);
	ops->scratch_put(ctx);
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
	size_t size;
	uaddr_t scratch;
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
	scratch = ops->scratch_get(ctx, &size);
	r = platform_write(ctx->as, scratch, &map, sizeof(map));
	if (r == sizeof(map))
		r = host_call(ctx, SYS_prctl, PR_SET_MM, PR_SET_MM_MAP, (long)scratch, sizeof(map), 0, 0);
	ops->scratch_put(ctx);
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
