/* SPDX-License-Identifier: MIT */
/*
 * How guest code runs and traps. A context is one guest thread's host
 * execution vehicle; an address space holds the guest's mappings. The
 * platform knows registers, address spaces and trap reasons only: never
 * tasks, files or signal policy (gVisor platform.Context).
 *
 * Threading rule: a context is driven only by the host thread that attached
 * it (platform_ctx_attach); every call taking a ctx must come from that thread.
 */
#ifndef PLATFORM_PLATFORM_H
#define PLATFORM_PLATFORM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "abi/regs.h"
#include "abi/signal.h"
#include "abi/types.h"

enum trap_kind {
	TRAP_SYSCALL,	/* regs.orig_rax is the number; rip is past the instruction */
	TRAP_FAULT,	/* a synchronous fault in guest code; info says which */
	TRAP_INTERRUPT, /* platform_kick() or a stray host signal: check for work */
	TRAP_DEAD,	/* the host side vanished (killed from outside) */
};

struct trap {
	enum trap_kind kind;
	struct linux_siginfo info; /* TRAP_FAULT */
};

struct platform_ctx;
struct platform_as;

/* Starts the zygote. Call once, before any other host thread exists. Returns 0 or -errno. */
int platform_init(const char *name);
/* Kills every stub and the zygote (ukern is exiting). */
void platform_shutdown(void);
/* The platform's name ("ptrace"). */
const char *platform_name(void);
/* Size in bytes of the saved FPU/XSAVE state, whatever the CPU has. */
size_t platform_fpstate_size(void);
/* Bit mask of the XSAVE features the host enables (XCR0). */
uint64_t platform_xfeatures(void);
/* AT_HWCAP for the guest: CPUID.1:EDX, as Linux reports it. */
uint64_t platform_hwcap(void);

/*
 * Creation. platform_ctx_new() makes a fresh empty address space;
 * platform_ctx_clone() clones the caller's (share_as: a new thread in it;
 * otherwise a copy-on-write copy, for fork). Both return an unattached ctx
 * (ERR_PTR on failure) that the host thread which will drive it must attach.
 * platform_ctx_clone's caller must be the driver of parent.
 */
struct platform_ctx *platform_ctx_new(void);
struct platform_ctx *platform_ctx_clone(struct platform_ctx *parent, bool share_as);
int platform_ctx_attach(struct platform_ctx *ctx);
struct platform_served;
/*
 * A new thread in parent's address space whose guest code runs at once, with
 * regs and the served state s (platform_served_put), before any host thread
 * attaches it: a thread's first stop would otherwise wait for its driver to
 * be scheduled. Its driver attaches as usual (at once), and its first
 * platform_switch only waits for the first trap, ignoring the regs passed.
 * NULL where the platform cannot: then platform_ctx_clone.
 */
struct platform_ctx *platform_ctx_clone_running(struct platform_ctx *parent, const struct regs *regs,
						const struct platform_served *s, bool serve);
/*
 * For such a thread whose first trap came already, a system call nr: takes
 * that trap as platform_switch returns it (true), and the thread is stopped
 * for the caller, which becomes its driver. false leaves it as it was.
 */
bool platform_ctx_stopped_at(struct platform_ctx *ctx, long nr, struct regs *regs, struct trap *trap);
/*
 * Puts the calling host thread and the ctx's host thread on one CPU: every
 * trap is a hand-off between the two, and waking a thread on the other CPU
 * costs tens of microseconds on virtual machines. cpu < 0 unpins.
 */
void platform_ctx_pin(struct platform_ctx *ctx, int cpu);
/*
 * The CPU a task starts on (platform_ctx_pin) when creator's task makes it or
 * execs: creator's CPU where the platform moves contending tasks apart
 * (placement.c), else spread by tid.
 */
int platform_start_cpu(struct platform_ctx *creator, int tid);
/*
 * The number of guest tasks that want a CPU (running guest code or being
 * served, not asleep in the kernel) changed by delta. With a CPU to spare,
 * a platform may serve traps by polling from it instead of sleeping.
 */
void platform_load(int delta);
/* Ends the ctx's host thread (and the address space with its last ctx). */
void platform_ctx_release(struct platform_ctx *ctx);
/* Ends every host thread of the address space now (exit_group, exec). Any thread may call it. */
void platform_as_kill(struct platform_as *as);
struct platform_as *platform_ctx_as(struct platform_ctx *ctx);
/*
 * CPU time of the ctx's guest thread in ns, or -errno: its host thread's
 * run time since the ctx began (a host thread the platform keeps for reuse
 * counts from its reuse on).
 */
long platform_ctx_cpu_ns(struct platform_ctx *ctx);
/* Host pid/tid of the context, for host-side visibility only (logs). */
int platform_ctx_host_tid(struct platform_ctx *ctx);
int platform_as_host_pid(struct platform_as *as);

/* Runs guest code with regs until it traps; regs hold the state at the trap. */
void platform_switch(struct platform_ctx *ctx, struct regs *regs, struct trap *trap);
/* Makes a running ctx trap with TRAP_INTERRUPT soon. Any host thread may call it. */
void platform_kick(struct platform_ctx *ctx);

/* FPU/XSAVE state (standard format, platform_fpstate_size() bytes). */
int platform_get_fpstate(struct platform_ctx *ctx, void *buf);
int platform_set_fpstate(struct platform_ctx *ctx, const void *buf);

/* Memory operations inside the ctx's address space; each returns the host result or -errno. */
long platform_mmap(struct platform_ctx *ctx, uaddr_t addr, uint64_t len, int prot, int flags, int hostfd,
		   uint64_t off);
long platform_munmap(struct platform_ctx *ctx, uaddr_t addr, uint64_t len);
long platform_mprotect(struct platform_ctx *ctx, uaddr_t addr, uint64_t len, int prot);
/* mremap with host flags (MREMAP_MAYMOVE|MREMAP_FIXED, or 0 to grow in place). */
long platform_mremap(struct platform_ctx *ctx, uaddr_t old, uint64_t oldlen, uint64_t newlen, int flags,
		    uaddr_t newaddr);
long platform_madvise(struct platform_ctx *ctx, uaddr_t addr, uint64_t len, int advice);
long platform_msync(struct platform_ctx *ctx, uaddr_t addr, uint64_t len, int flags);
long platform_mincore(struct platform_ctx *ctx, uaddr_t addr, uint64_t len, unsigned char *vec);
/*
 * pread64 from host file hostfd at off into guest memory at addr, run by the
 * ctx's own host thread: the data moves in one copy, as in the host's own
 * read. Returns bytes read or -errno (EFAULT for a bad guest range, as the
 * host gives).
 */
long platform_pread_fd(struct platform_ctx *ctx, int hostfd, uaddr_t addr, size_t n, uint64_t off);
/* The same for pwrite64 from guest memory at addr into hostfd (only where platform_stub_fd_private). */
long platform_pwrite_fd(struct platform_ctx *ctx, int hostfd, uaddr_t addr, size_t n, uint64_t off);
/*
 * Whether a host fd handed into ctx's stub now (platform_mmap,
 * platform_pread_fd) is used by ukern's own code only. Under ptrace it is; on
 * the seccomp platform guest code shares the stub process and could race to
 * use the fd while it is there (the platform reduces it to the access the
 * call needs), unless ctx's is the process's only host thread, stopped for
 * ukern. Only then may a device holding other files' data go into it.
 */
bool platform_stub_fd_private(struct platform_ctx *ctx);
/*
 * Per-thread state that the seccomp platform's stub serves calls on itself
 * while guest code runs, stopping for ukern only where ukern must act:
 * rt_sigprocmask on the signal mask (four of a pthread_create+join's calls;
 * a change that unblocks a pending signal stops), set_robust_list on the
 * robust list head. platform_served_put gives the stub the state before a
 * switch (serve: it may serve calls; not under --strace, which shows every
 * call); platform_served_get reads it back after a switch, or for a thread
 * whose guest code runs (false where the platform keeps no copy);
 * platform_sigpending_add notes signals queued for the thread, before the
 * sender looks at its mask.
 */
struct platform_served {
	uint64_t sigmask;
	uint64_t sigpending; /* put only: a superset of the signals pending for the thread */
	uint64_t robust_list;
};
void platform_served_put(struct platform_ctx *ctx, const struct platform_served *s, bool serve);
bool platform_served_get(struct platform_ctx *ctx, struct platform_served *s);
void platform_sigpending_add(struct platform_ctx *ctx, uint64_t sigs);
/* Names the host thread (comm) so host ps shows the guest command. */
void platform_set_name(struct platform_ctx *ctx, const char *name);
/* Sets the host command line (NUL-separated args, len bytes) of the ctx's address space. */
void platform_set_title(struct platform_ctx *ctx, const char *args, size_t len);

/* Guest memory access (only mm/uaccess.c calls these). Return bytes done or -EFAULT. */
long platform_read(struct platform_as *as, uaddr_t addr, void *buf, size_t n);
long platform_write(struct platform_as *as, uaddr_t addr, const void *buf, size_t n);

#endif
