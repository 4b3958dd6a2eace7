/* SPDX-License-Identifier: MIT */
/*
 * Between platform.c (what both platforms share: the zygote, the list of live
 * address spaces, memory access, the memory operations built on host calls in
 * a stub) and each platform (ptrace/, seccomp/): how a stub runs guest code,
 * traps, and makes host calls for ukern.
 */
#ifndef PLATFORM_PLATFORM_IMPL_H
#define PLATFORM_PLATFORM_IMPL_H
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "platform/platform.h"
#include "platform/stub/stub_layout.h"

struct sysmsg;

struct platform_as {
	struct platform_as *next_live; /* all live address spaces, for shutdown */
	int pid;
	int refs;	      /* protected by as_lock */
	bool dead;	      /* killed (by ukern, or found dead) */
	bool leader_detached; /* ptrace: the leader parks untraced; reap it at the end */
	/* seccomp */
	int pass_sock, pass_peer; /* this stub's own SCM_RIGHTS socket: ukern's end, and a copy of the stub's */
	int msg_fd;		  /* the memfd of its sysmsg pages */
	struct sysmsg *msgs;	  /* the stub's sysmsg pages, mapped in ukern */
	pthread_mutex_t pass_lock; /* one fd in flight on pass_sock at a time */
	uint64_t slots[STUB_MAX_THREADS / 64]; /* sysmsg slots in use; protected by as_lock */
	uint64_t exiting[STUB_MAX_THREADS / 64]; /* of those, host threads told to exit (thread_exit) */
	struct platform_ctx *ctxs;		/* protected by as_lock */
	struct platform_ctx *idle;		/* seccomp: host threads parked for reuse (as_lock) */
	int nidle;
	int stat_fd;	/* seccomp: /proc/PID/task, opened at first use (stub_alone) */
};

struct platform_ctx {
	struct platform_as *as;
	int tid;
	bool reaped;	/* ptrace: its host exit was collected */
	bool fresh;	/* ptrace: straight from the zygote, maybe seized before its own set-up */
	struct regs hw; /* ptrace: a valid register template for injection */
	int cpu;	/* where its host thread is pinned (platform_ctx_pin), -1 anywhere, -2 not known */
	long cpu_base;	/* host run time (ns) of its host thread when the ctx began */
	long cpu_raw;	/* the host run time last read (platform_ctx_cpu_ns) */
	int sched_fd;	/* its host thread's /proc schedstat, kept open (or -1) */
	/* seccomp */
	unsigned slot;
	struct sysmsg *msg;
	bool apart;	/* the driver polls from the CPU beside the stub's */
	bool started;	/* runs guest code since its creation (platform_ctx_clone_running) */
	unsigned calm;	/* switches in a row that found a spare CPU */
	unsigned long stops;	  /* times its guest code stopped for ukern */
	unsigned long alone_stop; /* stops + 1 when stub_alone last found it alone (0: never) */
	struct platform_ctx *next_in_as;
};

struct platform_ops {
	const char *name;
	bool (*fd_private)(struct platform_ctx *ctx); /* platform_stub_fd_private */
	bool rebalance_running; /* a driver checks its CPU while its stub computes (platform_start_cpu) */
	int (*init)(void); /* after the zygote started */
	void (*load)(int delta);
	struct platform_ctx *(*ctx_new)(void);
	struct platform_ctx *(*ctx_clone)(struct platform_ctx *parent, bool share_as);
	/* Optional: platform_ctx_clone_running. */
	struct platform_ctx *(*ctx_clone_running)(struct platform_ctx *parent, const struct regs *regs,
						  const struct platform_served *s, bool serve);
	bool (*ctx_stopped_at)(struct platform_ctx *ctx, long nr, struct regs *regs, struct trap *trap);
	int (*ctx_attach)(struct platform_ctx *ctx);
	void (*ctx_release)(struct platform_ctx *ctx);
	void (*as_kill)(struct platform_as *as);
	void (*switch_to)(struct platform_ctx *ctx, struct regs *regs, struct trap *trap);
	void (*kick)(struct platform_ctx *ctx);
	int (*get_fpstate)(struct platform_ctx *ctx, void *buf);
	int (*set_fpstate)(struct platform_ctx *ctx, const void *buf);
	/* A host call in the ctx's address space; the result or -errno. */
	long (*host_call)(struct platform_ctx *ctx, long nr, const long a[6]);
	/* The same with host fd hostfd passed into the stub as argument fd_arg (mmap: 4, pread64: 0). */
	long (*host_fd_call)(struct platform_ctx *ctx, int hostfd, long nr, int fd_arg, const long a[6]);
	/* A stub page ukern may fill (platform_write) for a host call's pointer argument, locked until put. */
	uaddr_t (*scratch_get)(struct platform_ctx *ctx, size_t *size);
	void (*scratch_put)(struct platform_ctx *ctx);
	/* Optional: state the stub serves calls on itself (platform_served_put). */
	void (*served_put)(struct platform_ctx *ctx, const struct platform_served *s, bool serve);
	void (*served_get)(struct platform_ctx *ctx, struct platform_served *s);
	void (*sigpending_add)(struct platform_ctx *ctx, uint64_t sigs);
	/* Optional: names the ctx's host thread without a host call now (else a prctl host call). */
	void (*set_name)(struct platform_ctx *ctx, const char *name);
};

extern const struct platform_ops ptrace_ops, seccomp_ops;

/* platform.c */
extern int pass_sock, pass_drain; /* the ptrace stubs' shared SCM_RIGHTS socket (STUB_FD_PASS) */
extern pthread_mutex_t as_lock;
extern size_t xsave_size;
extern uint64_t xfeatures;
/* Asks the zygote for a child (ZYGOTE_PARK or ZYGOTE_SYSTRAP with fds): its address space, or ERR_PTR. */
struct platform_as *zygote_spawn(char req, const int *fds, int nfds);
/* zygote_spawn in two halves: the request (0, -EBUSY while one is unanswered, -errno) and its answer. */
int zygote_request(char req, const int *fds, int nfds);
struct platform_as *zygote_answer(void);
/* A fresh address space record (refs 1) on the live list. */
struct platform_as *as_new(int pid);
/* The same for a pid a stub reported, if it is a fresh child of ukern's; NULL if not. */
struct platform_as *as_claim(int pid);
/* placement.c: moves ctx's task to an idle CPU if its own is contended (now: at once, if two want it). */
void platform_rebalance(struct platform_ctx *ctx, bool now);
/* The calling thread's task wants a CPU (1) or sleeps (-1); it was pinned to cpu. */
void placement_load(int delta);
void placement_moved(int cpu);
/*
 * A ctx leaving: as_alone says whether it holds the last reference (or the
 * process is dead anyway), as_put drops it and kills the process with the
 * last one (true then: the caller unlinks and frees it).
 */
bool as_alone(struct platform_as *as);
bool as_put(struct platform_as *as);
/* Off the live list; the caller frees it (as_free). */
void as_unlink(struct platform_as *as);
void as_free(struct platform_as *as);
/* A zeroed ctx (no schedstat fd yet), and its end. */
struct platform_ctx *ctx_alloc(void);
void ctx_free(struct platform_ctx *ctx);
/* Sends hostfd (and more) over an SCM_RIGHTS socket: 0 or -errno. */
int send_fds(int sock, const int *fds, int n);
/* Drops fds left queued on sock (a stub died before taking them). */
void drain_fds(int sock);

#endif
