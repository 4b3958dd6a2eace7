/* SPDX-License-Identifier: MIT */
/*
 * The zygote: a libc-free program that ukern execs once from a memfd. It
 * unmaps everything of the host's but its own image, installs the seccomp
 * platform's signal handlers (inherited by every stub; under ptrace they never
 * run), confines itself with a seccomp filter, and then, for each request on
 * STUB_FD_CTL, clones a child: one that parks (pause loop) until a ukern
 * thread seizes it with ptrace, or one that starts the seccomp platform's
 * first thread. Every child is made with CLONE_PARENT so that ukern, not the
 * zygote, reaps it.
 */
#include <stddef.h>
#include <stdint.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <asm/unistd.h>
#include "stub_layout.h"
#include "stub_sys.h"
#include "sysmsg.h"

/* The scratch page ukern writes injected-call arguments into (STUB_DATA). */
char stub_data[STUB_DATA_SIZE] __attribute__((aligned(4096), section(".data.page")));

static uint64_t hex(const char **p)
{
	uint64_t v = 0;

	for (;; (*p)++) {
		char c = **p;

		if (c >= '0' && c <= '9')
			v = v * 16 + (uint64_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v * 16 + (uint64_t)(c - 'a' + 10);
		else
			return v;
	}
}

extern char stub_image_end[]; /* stub.lds */

/*
 * Unmaps every mapping but the stub's own image: the host stack, vdso and
 * vvar. The kernel places the vdso and vvar below a base it randomizes over
 * about 1 TiB (mmap_rnd_bits 28), which now and then puts them inside the
 * stub's range, where the signal stacks, sysmsg pages and title go next (about
 * one zygote start in ten thousand failed so, its altstack mapping refused).
 */
static void unmap_host(void)
{
	const uint64_t image_end = ((uint64_t)stub_image_end + 0xfff) & ~0xfffULL;
	static char buf[16384];
	static uint64_t lo[64], hi[64];
	int n = 0, i;
	long fd, len = 0, r;
	const char *p;

	fd = sc(__NR_open, (long)"/proc/self/maps", 0, 0, 0, 0, 0);
	if (fd < 0)
		sc(__NR_exit_group, 121, 0, 0, 0, 0, 0);
	while ((r = sc(__NR_read, fd, (long)buf + len, (long)sizeof(buf) - 1 - len, 0, 0, 0)) > 0)
		len += r;
	sc(__NR_close, fd, 0, 0, 0, 0, 0);
	buf[len] = 0;
	for (p = buf; *p && n < 64;) {
		uint64_t a = hex(&p), b;

		p++;
		b = hex(&p);
		if ((a < STUB_BASE || a >= image_end) && a < 0x800000000000ULL) {
			lo[n] = a;
			hi[n] = b;
			n++;
		}
		while (*p && *p != '\n')
			p++;
		if (*p)
			p++;
	}
	for (i = 0; i < n; i++)
		sc(__NR_munmap, (long)lo[i], (long)(hi[i] - lo[i]), 0, 0, 0, 0);
}

#define ALLOW(nr) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)
#define IP_LO offsetof(struct seccomp_data, instruction_pointer)
#define IP_HI (offsetof(struct seccomp_data, instruction_pointer) + 4)
#define ARG0 offsetof(struct seccomp_data, args[0])

/*
 * One filter serves both platforms. A system call made from outside the stub's
 * text is the guest's: SECCOMP_RET_TRAP, a SIGSYS that the seccomp platform's
 * handler serves (under ptrace, PTRACE_SYSEMU stops guest calls before seccomp
 * runs, so none gets here). From the stub's text only the few calls the stub
 * makes are allowed; a guest that jumps there can make them too, and each
 * acts on its own process only. Anything else kills the process.
 */
static void confine(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, IP_HI),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)(STUB_BASE >> 32), 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, IP_LO),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (uint32_t)STUB_BASE + STUB_TEXT_SIZE, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, STUB_DONE_NR, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
		/* clone: a fork with CLONE_PARENT, or a thread as the platforms make them. */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 0, 6),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x00008000 /* CLONE_PARENT */, 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x00010f00 /* ptrace: VM|FS|FILES|SIGHAND|THREAD */, 1, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x00210f00 /* systrap: the same | CHILD_CLEARTID */, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		ALLOW(__NR_read), ALLOW(__NR_write), ALLOW(__NR_close), ALLOW(__NR_mmap),
		ALLOW(__NR_munmap), ALLOW(__NR_mprotect), ALLOW(__NR_mremap), ALLOW(__NR_madvise),
		ALLOW(__NR_msync), ALLOW(__NR_mincore), ALLOW(__NR_recvmsg), ALLOW(__NR_pause),
		ALLOW(__NR_exit), ALLOW(__NR_exit_group), ALLOW(__NR_prctl), ALLOW(__NR_getpid),
		ALLOW(__NR_pread64), ALLOW(__NR_pwrite64), ALLOW(__NR_futex), ALLOW(__NR_rt_sigreturn),
		ALLOW(__NR_rt_sigprocmask), ALLOW(__NR_sigaltstack), ALLOW(__NR_set_robust_list),
		ALLOW(__NR_arch_prctl), ALLOW(__NR_dup2),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	};
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]), .filter = f };

	sc(__NR_prctl, 38 /* PR_SET_NO_NEW_PRIVS */, 1, 0, 0, 0, 0);
	if (sc(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, (long)&prog, 0, 0, 0) < 0)
		sc(__NR_exit_group, 122, 0, 0, 0, 0, 0);
}

/* The seccomp platform's handler for the signals a stub takes; its signal stacks. */
static void systrap_setup(void)
{
	static const int sigs[] = { 4 /* ILL */, 5 /* TRAP */, 7 /* BUS */, 8 /* FPE */, 11 /* SEGV */,
				    23 /* URG: ukern's kick */, 31 /* SYS */ };
	struct {
		void *handler;
		unsigned long flags;
		void *restorer;
		uint64_t mask;
	} sa = { (void *)stub_trap, 0x4 | 0x08000000 | 0x04000000 /* SIGINFO|ONSTACK|RESTORER */,
		 (void *)stub_restorer, ~0ULL };
	unsigned i;

	if (sc(__NR_mmap, STUB_ALTSTACKS, (long)STUB_MAX_THREADS * ALTSTACK_SIZE, 3 /* PROT_READ|PROT_WRITE */,
	       0x22 | 0x4000 | 0x100000 /* MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE|MAP_FIXED_NOREPLACE */, -1,
	       0) != (long)STUB_ALTSTACKS)
		sc(__NR_exit_group, 123, 0, 0, 0, 0, 0);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sc(__NR_rt_sigaction, sigs[i], (long)&sa, 0, 8, 0, 0);
}

/* Reads a request byte, and the fds of a ZYGOTE_SYSTRAP one; returns the byte or -1. */
static int read_request(int *fds)
{
	char req = 0;

	return stub_recv(STUB_FD_CTL, 0, &req, fds) == 1 ? req : -1;
}

/* Whether user code may read and write the FS/GS bases itself: the auxv's AT_HWCAP2 has HWCAP2_FSGSBASE. */
static int read_fsgsbase(const uint64_t *sp)
{
	const uint64_t *p = sp + 1 + sp[0] + 1;	/* past argc, argv and its NULL */

	while (*p)	/* envp */
		p++;
	for (p++; p[0]; p += 2)
		if (p[0] == 26 /* AT_HWCAP2 */)
			return (p[1] & 2 /* HWCAP2_FSGSBASE */) != 0;
	return 0;
}

void zygote_main(const uint64_t *sp);
void zygote_main(const uint64_t *sp)
{
	stub_fsgsbase = read_fsgsbase(sp);
	sc(__NR_prctl, 15 /* PR_SET_NAME */, (long)"ukern-zygote", 0, 0, 0, 0);
	unmap_host();
	/* ukern's stdio: no stub needs it, and a guest could reach it through the stub's code. */
	sc(__NR_close, 0, 0, 0, 0, 0, 0);
	sc(__NR_close, 1, 0, 0, 0, 0, 0);
	sc(__NR_close, 2, 0, 0, 0, 0, 0);
	/* The page ukern writes each stub's host command line into (PR_SET_MM_MAP). */
	sc(__NR_mmap, STUB_TITLE, STUB_TITLE_SIZE, 3 /* PROT_READ|PROT_WRITE */,
	   0x22 | 0x100000 /* MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED_NOREPLACE */, -1, 0);
	systrap_setup();
	confine();
	for (;;) {
		int fds[2] = { -1, -1 }, pid, req = read_request(fds);

		if (req < 0)
			sc(__NR_exit_group, 0, 0, 0, 0, 0, 0);
		/* CLONE_PARENT: the child is ukern's; SIGCHLD is then inherited. */
		pid = (int)sc(__NR_clone, 0x00008000 /* CLONE_PARENT */, 0, 0, 0, 0, 0);
		if (pid == 0) {
			sc(__NR_prctl, 1 /* PR_SET_PDEATHSIG */, 9, 0, 0, 0, 0);
			sc(__NR_close, STUB_FD_CTL, 0, 0, 0, 0, 0);
			if (req != ZYGOTE_SYSTRAP || fds[0] < 0 || fds[1] < 0)
				((void (*)(void))STUB_PARK)();
			/* Its own pass socket, and its sysmsg pages shared with ukern. */
			stub_take_channels(fds[0], fds[1]);
			stub_enter(0, STUB_ALTSTACKS + ALTSTACK_SIZE);
		}
		if (fds[0] >= 0)
			sc(__NR_close, fds[0], 0, 0, 0, 0, 0);
		if (fds[1] >= 0)
			sc(__NR_close, fds[1], 0, 0, 0, 0, 0);
		sc(__NR_write, STUB_FD_CTL, (long)&pid, sizeof(pid), 0, 0, 0);
	}
}
