/* SPDX-License-Identifier: MIT */
/*
 * The seccomp platform (gVisor's systrap). Stubs run guest code untraced: a
 * guest system call is the zygote filter's SECCOMP_RET_TRAP, a SIGSYS that the
 * stub's own handler (stub/systrap.c) serves by handing the thread over to
 * ukern in its sysmsg page, shared memory with a futex word (stub/sysmsg.h).
 * Faults and the kick signal take the same path. ukern answers with host calls
 * for the stub to make (mmap and friends, clone) and finally with the
 * registers to resume guest code with. No ptrace stop is on any path: a trap
 * costs a signal delivery, two futex hand-offs and a sigreturn.
 *
 * The page is guest-writable (the guest shares the stub's process), so
 * nothing read from it is trusted beyond what the guest could do to itself:
 * the trap kind and fault signal are checked, the frame address is bounded to
 * the thread's own signal stack, and a thread that never answers costs ukern
 * only a waiting host thread that a kill wakes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdio.h>
#include <stddef.h>
#include <sched.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "host/host.h"
#include "lib/err.h"
#include "lib/kstd.h"
#include "lib/log.h"
#include "platform/platform_impl.h"
#include "platform/stub/sysmsg.h"

#define KICK_SIGNAL SIGURG
#define SYSMSG_REGION ((size_t)STUB_MAX_THREADS * SYSMSG_SIZE)

_Static_assert(sizeof(struct regs) == SYSMSG_NREGS * sizeof(uint64_t), "regs layout");

static long futex(uint32_t *w, int op, uint32_t val, const struct timespec *ts)
{
	return syscall(SYS_futex, w, op, val, ts, NULL, 0);
}

/*
 * Hand-offs. On one CPU a trap is two context switches (about 8.5 us here);
 * waking a sleeper on the other CPU costs far more (15-40 us on a VM whose
 * idle vCPU halts). But while a CPU is spare, the driver can poll from it and
 * the stub poll for the answer, and a trap costs a signal and two cache-line
 * transfers (under 3 us). So a ctx polls "apart" only while the guest's load
 * leaves half the CPUs spare and its task keeps running (a task that sleeps
 * hands off to other tasks, whose wake-ups need that CPU), after CALM
 * switches in a row found it so; and each side polls for at most SPIN_NS
 * (CMD_SPIN times that for a host call) before it sleeps on the futex: a
 * guest that computes or blocks costs at most that much of the spare CPU.
 */
#define SPIN_NS 50000
#define CMD_SPIN 20 /* times SPIN_NS, for a host call ukern asked for */
#define CALM 64

static int load;	   /* guest tasks wanting a CPU (platform_load) */
static __thread bool slept; /* this driver slept since its last switch */
static uint32_t spin_iters; /* polls (pause) in SPIN_NS */

static int seccomp_init(void)
{
	struct timespec a, b;
	int64_t ns;
	unsigned i;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < 10000; i++)
		__asm__ volatile("pause");
	clock_gettime(CLOCK_MONOTONIC, &b);
	ns = (b.tv_sec - a.tv_sec) * 1000000000LL + b.tv_nsec - a.tv_nsec;
	spin_iters = (uint32_t)(SPIN_NS * 10000LL / (ns > 0 ? ns : 1));
	return 0;
}

static void seccomp_load(int delta)
{
	__atomic_add_fetch(&load, delta, __ATOMIC_RELAXED);
	if (delta < 0)
		slept = true;
}

/* Moves the driver beside the stub's CPU, or back onto it, as the load allows. */
static void choose_apart(struct platform_ctx *ctx)
{
	int n = host_ncpus();
	bool spare = n >= 2 && ctx->cpu >= 0 && !slept && __atomic_load_n(&load, __ATOMIC_RELAXED) * 2 <= n;

	slept = false;
	if (spare == ctx->apart) {
		ctx->calm = 0;
		return;
	}
	if (spare && ++ctx->calm < CALM)
		return;
	ctx->calm = 0;
	ctx->apart = spare;
	host_pin_self(spare ? (ctx->cpu + 1) % n : ctx->cpu);
}

static uint32_t running(const struct platform_ctx *ctx)
{
	return (uint32_t)ctx->tid | SYSMSG_WAITERS;
}

/* Whether the ctx's host thread still exists (for a hand-off that took long). */
static bool alive(struct platform_ctx *ctx)
{
	siginfo_t si;

	if (syscall(SYS_tgkill, ctx->as->pid, ctx->tid, 0) < 0 && errno == ESRCH)
		return false;
	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, (id_t)ctx->as->pid, &si, WEXITED | WNOHANG | WNOWAIT | __WALL) == 0 && si.si_pid)
		return false;
	return true;
}

/*
 * Waits while the state word holds `was`: the stub has the thread. 0 means
 * it stopped for ukern; anything else (the host's FUTEX_OWNER_DIED mark when
 * the thread died, ukern's own mark from as_kill) means it is gone.
 */
static int wait_turn(struct platform_ctx *ctx, uint32_t was, uint32_t spin)
{
	struct sysmsg *m = ctx->msg;
	struct timespec slice = { 0, 100000000 };
	uint32_t v, i;

	for (i = 0; i < spin; i++) {
		if ((v = __atomic_load_n(&m->state, __ATOMIC_ACQUIRE)) != was)
			return v == 0 ? 0 : -ESRCH;
		__asm__ volatile("pause");
	}
	__atomic_store_n(&m->ukern_sleeps, 1, __ATOMIC_SEQ_CST);
	while ((v = __atomic_load_n(&m->state, __ATOMIC_SEQ_CST)) == was) {
		if (futex(&m->state, FUTEX_WAIT, was, &slice) == 0 || errno != ETIMEDOUT)
			continue;
		if (!alive(ctx)) {
			ctx->as->dead = true;
			__atomic_store_n(&m->ukern_sleeps, 0, __ATOMIC_RELAXED);
			return -ESRCH;
		}
		/* This driver's own stub has run 100 ms without a trap: share the CPUs now. */
		if (was != SYSMSG_FRESH)
			platform_rebalance(ctx, true);
	}
	__atomic_store_n(&m->ukern_sleeps, 0, __ATOMIC_RELAXED);
	return v == 0 ? 0 : -ESRCH;
}

/* Hands the thread to the stub with a command. */
static void give(struct platform_ctx *ctx, enum sysmsg_cmd cmd)
{
	struct sysmsg *m = ctx->msg;

	m->cmd = cmd;
	m->spin = ctx->apart ? spin_iters : 0;
	__atomic_store_n(&m->state, running(ctx), __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&m->stub_sleeps, __ATOMIC_SEQ_CST))
		futex(&m->state, FUTEX_WAKE, 1, NULL);
}

/* Hands the thread to the stub with a command and waits for it to stop again. */
static int run_cmd(struct platform_ctx *ctx, enum sysmsg_cmd cmd)
{
	if (ctx->as->dead)
		return -ESRCH;
	give(ctx, cmd);
	/* A host call's length is the host's (a big pread takes 60 us a MiB): poll it out longer. */
	return wait_turn(ctx, running(ctx), !ctx->apart ? 0 : cmd == SYSMSG_CMD_RESUME ? spin_iters : spin_iters * CMD_SPIN);
}

/*
 * A free slot, taken. A slot whose host thread was told to exit is free once
 * the host cleared its clear_tid: the thread is gone, its robust list (the
 * page's state word) handled, and its signal stack unused.
 */
static int slot_alloc(struct platform_as *as)
{
	int i;

	pthread_mutex_lock(&as_lock);
	for (i = 0; i < STUB_MAX_THREADS / 64; i++) {
		uint64_t ex = as->exiting[i];

		while (ex) {
			unsigned s = (unsigned)i * 64 + (unsigned)__builtin_ctzll(ex);

			ex &= ex - 1;
			if (__atomic_load_n(&sysmsg_at((uint64_t)as->msgs, s)->clear_tid, __ATOMIC_ACQUIRE) == 0) {
				as->exiting[i] &= ~(1ULL << (s % 64));
				as->slots[i] &= ~(1ULL << (s % 64));
			}
		}
	}
	for (i = 0; i < STUB_MAX_THREADS; i++) {
		if (!(as->slots[i / 64] & (1ULL << (i % 64)))) {
			as->slots[i / 64] |= 1ULL << (i % 64);
			break;
		}
	}
	pthread_mutex_unlock(&as_lock);
	return i < STUB_MAX_THREADS ? i : -EAGAIN;
}

static void slot_free(struct platform_as *as, unsigned slot)
{
	pthread_mutex_lock(&as_lock);
	as->slots[slot / 64] &= ~(1ULL << (slot % 64));
	pthread_mutex_unlock(&as_lock);
}

static struct platform_ctx *ctx_new_in(struct platform_as *as, int tid, unsigned slot)
{
	struct platform_ctx *ctx = ctx_alloc();

	ctx->as = as;
	ctx->tid = tid;
	ctx->slot = slot;
	ctx->msg = sysmsg_at((uint64_t)as->msgs, slot);
	pthread_mutex_lock(&as_lock);
	ctx->next_in_as = as->ctxs;
	as->ctxs = ctx;
	pthread_mutex_unlock(&as_lock);
	return ctx;
}

/*
 * A stub's channels: its own pass socket (sv[1] is the stub's end, of which
 * ukern keeps a copy to drain) and its sysmsg pages, a memfd mapped in ukern
 * too. Making them and unmapping them cost about 25 and 30 us (the unmap
 * flushes the TLBs of ukern's other CPUs), so the channels of a stub that is
 * gone (reaped: nothing of it writes the pages any more) are kept for the next.
 */
struct channels {
	int sv[2], mfd;
	struct sysmsg *msgs;
};

#define POOL_MAX 8
static struct channels pool[POOL_MAX];
static int pool_len;
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;

static int channels_open(struct channels *ch)
{
	pthread_mutex_lock(&pool_lock);
	if (pool_len > 0) {
		*ch = pool[--pool_len];
		pthread_mutex_unlock(&pool_lock);
		return 0;
	}
	pthread_mutex_unlock(&pool_lock);
	ch->sv[0] = ch->sv[1] = ch->mfd = -1;
	ch->msgs = MAP_FAILED;
	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, ch->sv) < 0)
		goto fail;
	/*
	 * The stub keeps this fd (STUB_FD_MSG), so guest code could reach it
	 * through the stub's own system calls: sealed at its size, it can only
	 * touch the pages the guest may write anyway, not grow into host memory.
	 */
	ch->mfd = memfd_create("ukern-sysmsg", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (ch->mfd < 0 || ftruncate(ch->mfd, (off_t)SYSMSG_REGION) < 0 ||
	    fcntl(ch->mfd, F_ADD_SEALS, F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL) < 0)
		goto fail;
	ch->msgs = mmap(NULL, SYSMSG_REGION, PROT_READ | PROT_WRITE, MAP_SHARED, ch->mfd, 0);
	if (ch->msgs == MAP_FAILED)
		goto fail;
	return 0;
fail:
	log_msg("seccomp platform: cannot make a stub's channels: %s", strerror(errno));
	if (ch->sv[0] >= 0) {
		close(ch->sv[0]);
		close(ch->sv[1]);
	}
	if (ch->mfd >= 0)
		close(ch->mfd);
	return -EAGAIN;
}

/* The stub that used ch is gone: drop what it left queued and keep ch for the next. */
static void channels_close(struct channels *ch)
{
	drain_fds(ch->sv[1]);
	drain_fds(ch->sv[0]);
	pthread_mutex_lock(&pool_lock);
	if (pool_len < POOL_MAX) {
		pool[pool_len++] = *ch;
		pthread_mutex_unlock(&pool_lock);
		return;
	}
	pthread_mutex_unlock(&pool_lock);
	munmap(ch->msgs, SYSMSG_REGION);
	close(ch->sv[0]);
	close(ch->sv[1]);
	close(ch->mfd);
}

/* A slot's page before its thread's first stop (a reused page holds an old thread's words). */
static struct sysmsg *slot_fresh(struct sysmsg *msgs, unsigned slot)
{
	struct sysmsg *m = sysmsg_at((uint64_t)msgs, slot);

	memset(m, 0, offsetof(struct sysmsg, regs));
	m->state = SYSMSG_FRESH;
	return m;
}

/* The stub took its copies (as is its address space, or ERR_PTR/NULL if there is none): as keeps the channels. */
static struct platform_as *channels_commit(struct channels *ch, struct platform_as *as)
{
	if (!as || IS_ERR(as)) {
		channels_close(ch);
		return as;
	}
	as->pass_sock = ch->sv[0];
	as->pass_peer = ch->sv[1];
	as->msg_fd = ch->mfd;
	as->msgs = ch->msgs;
	return as;
}

/*
 * A stub made ahead: from a run's second new address space on (an exec),
 * the zygote clones the next one while this one is put to use, which takes
 * the clone (~125 us on the 2-core VM) and the stub's set-up off the exec.
 * The spare waits at its first stop; its channels are kept here until taken.
 */
static pthread_mutex_t spare_lock = PTHREAD_MUTEX_INITIALIZER;
static struct channels spare_ch;
static bool spare_out;
static unsigned spawned;

static int spare_fds(struct channels *ch, int fds[2])
{
	int r = channels_open(ch);

	if (r < 0)
		return r;
	slot_fresh(ch->msgs, 0);
	fds[0] = ch->sv[1];
	fds[1] = ch->mfd;
	return 0;
}

/* The last of a killed stub: reaped, its channels kept for the next, its record freed. */
static void as_end(struct platform_as *as)
{
	struct platform_ctx *c;

	while ((c = as->idle)) {
		as->idle = c->next_in_as;
		ctx_free(c);
	}
	as->nidle = 0;
	as_unlink(as);
	while (waitpid(as->pid, NULL, __WALL) < 0 && errno == EINTR)
		;
	channels_close(&(struct channels){ { as->pass_sock, as->pass_peer }, as->msg_fd, as->msgs });
	as_free(as);
}

/* The spare, if one is out and still alive (spare_lock held); its channels in *ch. */
static struct platform_as *take_spare(struct channels *ch)
{
	struct platform_as *as;
	siginfo_t si;

	if (!spare_out)
		return NULL;
	spare_out = false;
	*ch = spare_ch;
	as = zygote_answer();
	if (IS_ERR(as)) {
		channels_close(ch);
		return NULL;
	}
	/* It may have been killed while it waited (by the host's OOM killer, say): then make one now. */
	memset(&si, 0, sizeof(si));
	as = channels_commit(ch, as);
	if (waitid(P_PID, (id_t)as->pid, &si, WEXITED | WNOHANG | WNOWAIT | __WALL) == 0 && si.si_pid == 0)
		return as;
	as_put(as);
	as_end(as);
	return NULL;
}

static struct platform_ctx *seccomp_ctx_new(void)
{
	struct platform_as *as;
	struct channels ch;
	int fds[2];
	int r;

	pthread_mutex_lock(&spare_lock);
	as = take_spare(&ch);
	if (!as) {
		r = spare_fds(&ch, fds);
		as = r < 0 ? ERR_PTR(r) : channels_commit(&ch, zygote_spawn(ZYGOTE_SYSTRAP, fds, 2));
	}
	if (!IS_ERR(as) && ++spawned >= 2 && spare_fds(&spare_ch, fds) == 0) {
		if (zygote_request(ZYGOTE_SYSTRAP, fds, 2) == 0)
			spare_out = true;
		else
			channels_close(&spare_ch);
	}
	pthread_mutex_unlock(&spare_lock);
	if (IS_ERR(as))
		return ERR_PTR(PTR_ERR(as));
	as->slots[0] = 1;
	return ctx_new_in(as, as->pid, 0);
}

static int copy_fpstate(struct platform_ctx *from, struct platform_ctx *to);

/* The state the stub serves calls on (platform_served_put), in a thread's page. */
static void page_served(struct sysmsg *m, const struct platform_served *s, bool serve)
{
	m->sigmask = s->sigmask;
	m->sigpending = s->sigpending;
	m->robust_list = s->robust_list;
	m->serve = serve;
}

/*
 * Tells one host thread of a live process to end, without waiting for it (a
 * hand-off fewer at every thread's exit): its slot is free again once the
 * host says the thread is gone (slot_alloc). Until then the host still
 * counts it, so stub_alone errs on the safe side.
 */
static void thread_exit(struct platform_ctx *ctx)
{
	struct platform_as *as = ctx->as;

	pthread_mutex_lock(&as_lock);
	as->exiting[ctx->slot / 64] |= 1ULL << (ctx->slot % 64);
	pthread_mutex_unlock(&as_lock);
	give(ctx, SYSMSG_CMD_EXIT);
}


/*
 * Host threads kept for reuse. A leaving guest thread's host thread is
 * stopped for ukern in its handler; rather than end it (a host thread exit,
 * then a host clone for the process's next thread: some 20-30 us of host
 * work per pthread_create+join on the 2-core VM), up to IDLE_MAX of them
 * stay there, parked, until a new thread of the process takes one.
 */
#define IDLE_MAX 4

static bool park_idle(struct platform_ctx *ctx)
{
	struct platform_as *as = ctx->as;
	bool ok;

	pthread_mutex_lock(&as_lock);
	ok = !as->dead && as->nidle < IDLE_MAX && __atomic_load_n(&ctx->msg->state, __ATOMIC_ACQUIRE) == 0;
	if (ok) {
		ctx->next_in_as = as->idle;
		as->idle = ctx;
		as->nidle++;
	}
	pthread_mutex_unlock(&as_lock);
	return ok;
}

static struct platform_ctx *take_idle(struct platform_as *as)
{
	struct platform_ctx *ctx;

	pthread_mutex_lock(&as_lock);
	ctx = as->dead ? NULL : as->idle;
	if (ctx) {
		as->idle = ctx->next_in_as;
		as->nidle--;
	}
	pthread_mutex_unlock(&as_lock);
	return ctx;
}

/*
 * A parked host thread as parent's new thread: the creator's FPU state into
 * its frame, regs and the served state into its page, and it runs (a
 * started ctx, as clone_thread makes). A thread whose frame cannot take the
 * state is ended instead (-errno).
 */
static int reuse_idle(struct platform_ctx *parent, struct platform_ctx *ctx, const struct regs *regs,
		      const struct platform_served *s, bool serve)
{
	struct platform_as *as = ctx->as;
	struct sysmsg *m = ctx->msg;
	int r = copy_fpstate(parent, ctx);

	if (r < 0) {
		thread_exit(ctx);
		ctx_free(ctx);
		return r;
	}
	memcpy(m->regs, regs, sizeof(*regs));
	page_served(m, s, serve);
	ctx->cpu_base = ctx->cpu_raw;
	ctx->stops = 0;
	ctx->alone_stop = 0;
	ctx->apart = false;
	ctx->calm = 0;
	ctx->started = true;
	pthread_mutex_lock(&as_lock);
	ctx->next_in_as = as->ctxs;
	as->ctxs = ctx;
	as->refs++;
	pthread_mutex_unlock(&as_lock);
	parent->alone_stop = 0;
	give(ctx, SYSMSG_CMD_RESUME);
	return 0;
}

/*
 * A new host thread in the parent's stub (a guest thread, or a CLONE_VM
 * child). With regs, its guest code runs from its first stop on, with regs
 * and the served state s (platform_ctx_clone_running); else it waits there
 * for its driver.
 */
static struct platform_ctx *clone_thread(struct platform_ctx *parent, const struct regs *regs,
					 const struct platform_served *s, bool serve)
{
	struct platform_as *pas = parent->as;
	struct platform_ctx *ctx;
	struct sysmsg *m;
	int slot;
	long tid;

	while (regs && (ctx = take_idle(pas)))
		if (reuse_idle(parent, ctx, regs, s, serve) == 0)
			return ctx;
	slot = slot_alloc(pas);
	if (slot < 0)
		return ERR_PTR(slot);
	parent->alone_stop = 0;
	m = slot_fresh(pas->msgs, (unsigned)slot);
	m->clear_tid = 1;
	if (regs) {
		memcpy(m->regs, regs, sizeof(*regs));
		page_served(m, s, serve);
		m->cmd = SYSMSG_CMD_RESUME;
		m->start = 1;
	}
	parent->msg->args[0] = (uint64_t)slot;
	parent->msg->args[1] = regs != NULL;
	tid = run_cmd(parent, SYSMSG_CMD_THREAD);
	if (tid == 0)
		tid = parent->msg->ret;
	/* The page is the guest's: the tid must be a thread of this stub (it is kicked and pinned). */
	if (tid > 0 && syscall(SYS_tgkill, pas->pid, tid, 0) < 0) {
		log_msg("seccomp platform: stub %d reported thread %ld, not one of its own", pas->pid, tid);
		tid = -EAGAIN;
	}
	if (tid <= 0) {
		slot_free(pas, (unsigned)slot);
		return ERR_PTR(tid < 0 ? tid : -EAGAIN);
	}
	pthread_mutex_lock(&as_lock);
	pas->refs++;
	pthread_mutex_unlock(&as_lock);
	/* It has its creator's FPU state: the stub loaded it before the host's clone copied it. */
	ctx = ctx_new_in(pas, (int)tid, (unsigned)slot);
	ctx->started = regs != NULL;
	ctx->cpu = parent->cpu; /* the host's clone gave it its creator's affinity */
	return ctx;
}

static struct platform_ctx *seccomp_ctx_clone_running(struct platform_ctx *parent, const struct regs *regs,
						      const struct platform_served *s, bool serve)
{
	return clone_thread(parent, regs, s, serve);
}

/* A copy of the parent's process whose one thread is the parent's, in the same slot of fresh channels. */
static struct platform_ctx *clone_fork(struct platform_ctx *parent)
{
	struct platform_ctx *ctx;
	struct platform_as *pas = parent->as, *as;
	struct channels ch;
	int fds[2];
	long r = channels_open(&ch);

	if (r < 0)
		return ERR_PTR(r);
	slot_fresh(ch.msgs, parent->slot);
	fds[0] = ch.sv[1];
	fds[1] = ch.mfd;
	pthread_mutex_lock(&pas->pass_lock);
	r = send_fds(pas->pass_sock, fds, 2);
	if (r == 0)
		r = run_cmd(parent, SYSMSG_CMD_FORK);
	if (r == 0)
		r = parent->msg->ret;
	if (r <= 0) {
		drain_fds(pas->pass_peer);
		r = r < 0 ? r : -EAGAIN;
	}
	pthread_mutex_unlock(&pas->pass_lock);
	as = r > 0 ? as_claim((int)r) : NULL;
	if (r > 0 && !as) {
		log_msg("seccomp platform: stub %d reported fork child %ld, not a new stub of ours", pas->pid, r);
		r = -EAGAIN;
	}
	as = channels_commit(&ch, as);
	if (!as)
		return ERR_PTR(r);
	as->slots[parent->slot / 64] = 1ULL << (parent->slot % 64);
	ctx = ctx_new_in(as, (int)r, parent->slot);
	ctx->cpu = parent->cpu; /* the host's clone gave it the forking thread's affinity */
	return ctx;
}

static struct platform_ctx *seccomp_ctx_clone(struct platform_ctx *parent, bool share_as)
{
	return share_as ? clone_thread(parent, NULL, NULL, false) : clone_fork(parent);
}

static bool seccomp_ctx_stopped_at(struct platform_ctx *ctx, long nr, struct regs *regs, struct trap *trap)
{
	struct sysmsg *m = ctx->msg;

	if (!ctx->started || __atomic_load_n(&m->state, __ATOMIC_ACQUIRE) != 0 ||
	    __atomic_load_n(&m->trap, __ATOMIC_RELAXED) != SYSMSG_TRAP_SYSCALL || m->regs[offsetof(struct regs, orig_rax) / 8] != (uint64_t)nr)
		return false;
	ctx->started = false;
	ctx->stops++;
	memcpy(regs, m->regs, sizeof(*regs));
	trap->kind = TRAP_SYSCALL;
	return true;
}

static int seccomp_ctx_attach(struct platform_ctx *ctx)
{
	return ctx->started ? 0 : wait_turn(ctx, SYSMSG_FRESH, 0);
}

/* Marks every thread of the address space gone and wakes the ukern threads waiting for them. */
static void wake_all(struct platform_as *as)
{
	struct platform_ctx *c;

	for (c = as->ctxs; c; c = c->next_in_as) {
		__atomic_store_n(&c->msg->state, SYSMSG_OWNER_DIED, __ATOMIC_RELEASE);
		futex(&c->msg->state, FUTEX_WAKE, 1, NULL);
	}
}

static void seccomp_as_kill(struct platform_as *as)
{
	pthread_mutex_lock(&as_lock);
	if (!as->dead) {
		as->dead = true;
		kill(as->pid, SIGKILL);
		wake_all(as);
	}
	pthread_mutex_unlock(&as_lock);
}

static void seccomp_ctx_release(struct platform_ctx *ctx)
{
	struct platform_as *as = ctx->as;
	struct platform_ctx **pp;
	bool last, alone, parked = false, leader = ctx->tid == as->pid;

	pthread_mutex_lock(&as_lock);
	for (pp = &as->ctxs; *pp; pp = &(*pp)->next_in_as) {
		if (*pp == ctx) {
			*pp = ctx->next_in_as;
			break;
		}
	}
	pthread_mutex_unlock(&as_lock);
	alone = as_alone(as);
	/*
	 * A thread leaving a live process ends its host thread (if the others
	 * all leave meanwhile, the last one's as_end kills what is left). The
	 * leader cannot exit alone without lingering as a zombie: it stays
	 * stopped in its handler, its slot taken, until the process ends.
	 */
	if (!alone && !leader) {
		parked = park_idle(ctx);
		if (!parked)
			thread_exit(ctx);
	}
	last = as_put(as);
	if (last)
		as_end(as);
	if (!parked)
		ctx_free(ctx);
}

static void seccomp_kick(struct platform_ctx *ctx)
{
	syscall(SYS_tgkill, ctx->as->pid, ctx->tid, KICK_SIGNAL);
}

static void seccomp_switch(struct platform_ctx *ctx, struct regs *regs, struct trap *trap)
{
	struct sysmsg *m = ctx->msg;
	uint32_t kind;
	int r;

	choose_apart(ctx);
	ctx->stops++;
	if (ctx->started) {
		/* Its guest code runs since its creation: wait for its first trap (its creator's stub marked it running). */
		ctx->started = false;
		r = ctx->as->dead ? -ESRCH : wait_turn(ctx, running(ctx), ctx->apart ? spin_iters : 0);
	} else {
		memcpy(m->regs, regs, sizeof(*regs));
		r = run_cmd(ctx, SYSMSG_CMD_RESUME);
	}
	if (r < 0) {
		trap->kind = TRAP_DEAD;
		return;
	}
	memcpy(regs, m->regs, sizeof(*regs));
	kind = __atomic_load_n(&m->trap, __ATOMIC_RELAXED);
	if (kind == SYSMSG_TRAP_SYSCALL) {
		trap->kind = TRAP_SYSCALL;
	} else if (kind == SYSMSG_TRAP_FAULT) {
		memcpy(&trap->info, m->info, sizeof(trap->info) < sizeof(m->info) ? sizeof(trap->info) : sizeof(m->info));
		switch (trap->info.si_signo) {
		case SIGSEGV: case SIGBUS: case SIGILL: case SIGFPE: case SIGTRAP:
			trap->kind = TRAP_FAULT;
			break;
		default:
			trap->kind = TRAP_INTERRUPT; /* not a fault the host could have reported */
			break;
		}
	} else {
		trap->kind = TRAP_INTERRUPT;
	}
}

/* The XSAVE area of the stopped thread's signal frame, if the address the page gives lies in its own stack. */
static uaddr_t frame_fpstate(struct platform_ctx *ctx)
{
	uaddr_t lo = STUB_ALTSTACKS + (uaddr_t)ctx->slot * ALTSTACK_SIZE, fp = ctx->msg->fpregs;

	if (fp < lo || fp > lo + ALTSTACK_SIZE - xsave_size || (fp & 63))
		return 0;
	return fp;
}

static int seccomp_get_fpstate(struct platform_ctx *ctx, void *buf)
{
	uaddr_t fp = frame_fpstate(ctx);

	if (!fp)
		return -EFAULT;
	return platform_read(ctx->as, fp, buf, xsave_size) == (long)xsave_size ? 0 : -EFAULT;
}

/*
 * Writes the frame's XSAVE area, which the host's sigreturn loads. The frame's
 * own software bytes (464..511, the host's record of the frame format) stay;
 * the XSAVE header is kept to what XRSTOR takes, so a bad image cannot make
 * the host's sigreturn fail.
 */
static void xsave_header_sanitize(unsigned char *img)
{
	if (xsave_size > 512) {
		((uint64_t *)(img + 512))[0] &= xfeatures;
		memset(img + 520, 0, 56);
	}
}

static int seccomp_set_fpstate(struct platform_ctx *ctx, const void *buf)
{
	uaddr_t fp = frame_fpstate(ctx);
	unsigned char *img;
	int r = -EFAULT;

	if (!fp)
		return -EFAULT;
	img = kmalloc(xsave_size);
	memcpy(img, buf, xsave_size);
	if (platform_read(ctx->as, fp + 464, img + 464, 48) == 48) {
		xsave_header_sanitize(img);
		if (platform_write(ctx->as, fp, img, xsave_size) == (long)xsave_size)
			r = 0;
	}
	kfree(img);
	return r;
}

/*
 * from's frame's FPU state into to's frame (threads of one process, both
 * stopped): seccomp_set_fpstate of seccomp_get_fpstate, in one read (to's
 * software bytes come along) and one write.
 */
static int copy_fpstate(struct platform_ctx *from, struct platform_ctx *to)
{
	uaddr_t src = frame_fpstate(from), dst = frame_fpstate(to);
	unsigned char *img, sw[48];
	struct iovec l[2], r[2], w;
	int ret = -EFAULT;

	if (!src || !dst)
		return -EFAULT;
	img = kmalloc(xsave_size);
	l[0] = (struct iovec){ img, xsave_size };
	l[1] = (struct iovec){ sw, sizeof(sw) };
	r[0] = (struct iovec){ (void *)src, xsave_size };
	r[1] = (struct iovec){ (void *)(dst + 464), sizeof(sw) };
	if (process_vm_readv(to->as->pid, l, 2, r, 2, 0) == (ssize_t)(xsave_size + sizeof(sw))) {
		memcpy(img + 464, sw, sizeof(sw));
		xsave_header_sanitize(img);
		w = (struct iovec){ (void *)dst, xsave_size };
		if (process_vm_writev(to->as->pid, &l[0], 1, &w, 1, 0) == (ssize_t)xsave_size)
			ret = 0;
	}
	kfree(img);
	return ret;
}

static long seccomp_host_call(struct platform_ctx *ctx, long nr, const long a[6])
{
	struct sysmsg *m = ctx->msg;
	int r;

	m->nr = (uint64_t)nr;
	memcpy(m->args, a, sizeof(m->args));
	r = run_cmd(ctx, SYSMSG_CMD_SYSCALL);
	return r < 0 ? r : m->ret;
}

/*
 * The number of host threads of pid, or -1: procfs counts a process's threads
 * in the link count of its /proc/PID/task directory (2 + threads), so an
 * fstat of it (*fd, kept open) tells, cheaper than reading /proc/PID/stat.
 * Anything odd reads as -1, which callers take as "not alone".
 */
static int host_threads(int pid, int *fd)
{
	struct stat st;

	if (*fd < 0) {
		char path[32];

		snprintf(path, sizeof(path), "/proc/%d/task", pid);
		*fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (*fd < 0)
			return -1;
	}
	if (fstat(*fd, &st) < 0 || st.st_nlink < 3)
		return -1;
	return (int)(st.st_nlink - 2);
}

/*
 * ctx's is the only thread of its process, ukern's and the host's: while it
 * is stopped for ukern no guest code runs in the process, and none can start
 * (only a running thread can clone), so an fd it holds for a call is used by
 * that call alone. A thread the guest made through the stub's own clone is
 * unknown to ukern but counted by the host.
 */
static bool stub_alone(struct platform_ctx *ctx)
{
	struct platform_as *as = ctx->as;
	bool alone;
	int idle;

	/* Alone, it stays so until its guest code runs again (a big read asks twice). */
	if (ctx->alone_stop == ctx->stops + 1)
		return true;
	pthread_mutex_lock(&as_lock);
	alone = as->refs == 1 && as->ctxs == ctx && !ctx->next_in_as && !as->dead;
	idle = as->nidle;
	pthread_mutex_unlock(&as_lock);
	/* Parked host threads (park_idle) wait for ukern, which only ctx's guest code could wake: stopped. */
	if (!alone || host_threads(as->pid, &as->stat_fd) != 1 + idle)
		return false;
	ctx->alone_stop = ctx->stops + 1;
	return true;
}

/*
 * The fd a stub may hold for a call: guest code shares the stub's fd table and
 * could race to use the fd while it is there, so unless the stub is alone
 * (stub_alone) it gets no more access than the call needs: read-only unless it
 * is a shared writable mapping (which the guest's own open allows, or ukern
 * would not map it). A read-write host fd is reopened read-only through
 * /proc/self/fd (a memfd's too). Returns the fd to pass (the same, or a new
 * one the caller closes) or -errno.
 */
static int fd_for_stub(struct platform_ctx *ctx, int hostfd, long nr, const long a[6])
{
	bool write = nr == SYS_mmap && (a[2] & PROT_WRITE) && (a[3] & MAP_SHARED);
	int fl = fcntl(hostfd, F_GETFL), fd;
	char path[32];

	if (fl < 0)
		return -errno;
	if (write || (fl & O_ACCMODE) == O_RDONLY || stub_alone(ctx))
		return hostfd;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", hostfd);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		log_msg("seccomp platform: cannot reopen a host fd read-only for a stub: %s", strerror(errno));
		return -EACCES;
	}
	return fd;
}

static long seccomp_host_fd_call(struct platform_ctx *ctx, int hostfd, long nr, int fd_arg, const long a[6])
{
	struct platform_as *as = ctx->as;
	struct sysmsg *m = ctx->msg;
	int fd = fd_for_stub(ctx, hostfd, nr, a);
	long r;

	if (fd < 0)
		return fd;
	pthread_mutex_lock(&as->pass_lock);
	r = send_fds(as->pass_sock, &fd, 1);
	if (fd != hostfd)
		close(fd);
	if (r == 0) {
		m->nr = (uint64_t)nr;
		m->fd_arg = (uint64_t)fd_arg;
		memcpy(m->args, a, sizeof(m->args));
		r = run_cmd(ctx, SYSMSG_CMD_FD_SYSCALL);
		if (r == 0)
			r = m->ret;
	}
	if (r < 0)
		drain_fds(as->pass_peer);
	pthread_mutex_unlock(&as->pass_lock);
	return r;
}

static uaddr_t seccomp_scratch_get(struct platform_ctx *ctx, size_t *size)
{
	*size = SYSMSG_SCRATCH;
	return STUB_SYSMSG + (uaddr_t)ctx->slot * SYSMSG_SIZE + offsetof(struct sysmsg, scratch);
}

static void seccomp_scratch_put(struct platform_ctx *ctx)
{
}

static void seccomp_served_put(struct platform_ctx *ctx, const struct platform_served *s, bool serve)
{
	page_served(ctx->msg, s, serve);
}

/* The page is the guest's: any mask but one with the unblockable signals, any head, is one it could set. */
static void seccomp_served_get(struct platform_ctx *ctx, struct platform_served *s)
{
	struct sysmsg *m = ctx->msg;

	s->sigmask = __atomic_load_n(&m->sigmask, __ATOMIC_SEQ_CST) & ~SIGMASK_UNBLOCKABLE;
	s->sigpending = 0;
	s->robust_list = __atomic_load_n(&m->robust_list, __ATOMIC_RELAXED);
}

static void seccomp_sigpending_add(struct platform_ctx *ctx, uint64_t sigs)
{
	__atomic_or_fetch(&ctx->msg->sigpending, sigs, __ATOMIC_SEQ_CST);
}

/* The stub names its thread at its next resume: no hand-off of its own (a new thread, an exec). */
static void seccomp_set_name(struct platform_ctx *ctx, const char *name)
{
	struct sysmsg *m = ctx->msg;

	memset(m->name, 0, sizeof(m->name));
	strncpy(m->name, name, sizeof(m->name) - 1);
	__atomic_store_n(&m->name_set, 1, __ATOMIC_RELEASE);
}

const struct platform_ops seccomp_ops = {
	.name = "seccomp",
	.init = seccomp_init,
	.load = seccomp_load,
	.ctx_new = seccomp_ctx_new,
	.ctx_clone = seccomp_ctx_clone,
	.ctx_clone_running = seccomp_ctx_clone_running,
	.ctx_stopped_at = seccomp_ctx_stopped_at,
	.ctx_attach = seccomp_ctx_attach,
	.ctx_release = seccomp_ctx_release,
	.as_kill = seccomp_as_kill,
	.switch_to = seccomp_switch,
	.kick = seccomp_kick,
	.get_fpstate = seccomp_get_fpstate,
	.set_fpstate = seccomp_set_fpstate,
	.host_call = seccomp_host_call,
	.host_fd_call = seccomp_host_fd_call,
	.scratch_get = seccomp_scratch_get,
	.scratch_put = seccomp_scratch_put,
	.set_name = seccomp_set_name,
	.served_put = seccomp_served_put,
	.served_get = seccomp_served_get,
	.sigpending_add = seccomp_sigpending_add,
	.fd_private = stub_alone,
	.rebalance_running = true,
};
