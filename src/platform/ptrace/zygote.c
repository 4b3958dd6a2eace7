/* SPDX-License-Identifier: MIT */
/*
 * The zygote: a libc-free program that ukern execs once from a memfd. It
 * unmaps everything of the host's but its own image, confines itself with a
 * seccomp filter, and then, for each request on STUB_FD_CTL, clones a child
 * that parks (pause loop) until a ukern thread seizes it with ptrace. Every
 * child is made with CLONE_PARENT so that ukern, not the zygote, reaps it.
 */
#include <stddef.h>
#include <stdint.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <asm/unistd.h>
#include "stub_layout.h"

/* The scratch page ukern writes injected-call arguments into (STUB_DATA). */
char stub_data[STUB_DATA_SIZE] __attribute__((aligned(4096), section(".data.page")));

static long sc(long n, long a, long b, long c, long d, long e, long f)
{
	long r;
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;

	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return r;
}

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

/* Unmaps every mapping outside [STUB_BASE, STUB_END): host stack, vdso, vvar. */
static void unmap_host(void)
{
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
		if ((a < STUB_BASE || a >= STUB_END) && a < 0x800000000000ULL) {
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

/*
 * Stubs run host syscalls only when ukern injects them (guest syscalls are
 * caught by PTRACE_SYSEMU before seccomp runs). The filter keeps that set
 * small, so even a guest that escaped emulation could not open host files.
 */
static void confine(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, STUB_DONE_NR, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
		ALLOW(__NR_read), ALLOW(__NR_write), ALLOW(__NR_close), ALLOW(__NR_mmap),
		ALLOW(__NR_munmap), ALLOW(__NR_mprotect), ALLOW(__NR_mremap), ALLOW(__NR_madvise),
		ALLOW(__NR_msync), ALLOW(__NR_mincore), ALLOW(__NR_recvmsg), ALLOW(__NR_clone),
		ALLOW(__NR_pause), ALLOW(__NR_exit), ALLOW(__NR_exit_group), ALLOW(__NR_prctl),
		ALLOW(__NR_getpid), ALLOW(__NR_pread64),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	};
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]), .filter = f };

	sc(__NR_prctl, 38 /* PR_SET_NO_NEW_PRIVS */, 1, 0, 0, 0, 0);
	if (sc(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, (long)&prog, 0, 0, 0) < 0)
		sc(__NR_exit_group, 122, 0, 0, 0, 0, 0);
}

void zygote_main(void);
void zygote_main(void)
{
	sc(__NR_prctl, 15 /* PR_SET_NAME */, (long)"ukern-zygote", 0, 0, 0, 0);
	unmap_host();
	/* The page ukern writes each stub's host command line into (PR_SET_MM_MAP). */
	sc(__NR_mmap, STUB_TITLE, STUB_TITLE_SIZE, 3 /* PROT_READ|PROT_WRITE */,
	   0x22 | 0x100000 /* MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED_NOREPLACE */, -1, 0);
	confine();
	for (;;) {
		char req;
		int pid;

		if (sc(__NR_read, STUB_FD_CTL, (long)&req, 1, 0, 0, 0) != 1)
			sc(__NR_exit_group, 0, 0, 0, 0, 0, 0);
		/* CLONE_PARENT: the child is ukern's; SIGCHLD is then inherited. */
		pid = (int)sc(__NR_clone, 0x00008000 /* CLONE_PARENT */, 0, 0, 0, 0, 0);
		if (pid == 0) {
			sc(__NR_prctl, 1 /* PR_SET_PDEATHSIG */, 9, 0, 0, 0, 0);
			sc(__NR_close, STUB_FD_CTL, 0, 0, 0, 0, 0);
			((void (*)(void))STUB_PARK)();
		}
		sc(__NR_write, STUB_FD_CTL, (long)&pid, sizeof(pid), 0, 0, 0);
	}
}
