/* SPDX-License-Identifier: MIT */
/* Raw host system calls for the libc-free stub (zygote.c, systrap.c). */
#ifndef PLATFORM_STUB_STUB_SYS_H
#define PLATFORM_STUB_STUB_SYS_H

static inline long sc(long n, long a, long b, long c, long d, long e, long f)
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

/*
 * recvmsg of one byte and up to two SCM_RIGHTS fds on sock (systrap.c):
 * recvmsg's result; fds[i] is -1 where none came.
 */
long stub_recv(int sock, int flags, char *byte, int fds[2]);
/* A new stub process takes its own pass socket and sysmsg memfd (systrap.c); both fds are closed. */
void stub_take_channels(int sock, int mfd);

/*
 * Set by the zygote from its auxv: rdfsbase/wrfsbase and the GS pair may be
 * used instead of arch_prctl (two host calls fewer per trap). Guest code can
 * write it, which can only make its own process fault.
 */
extern int stub_fsgsbase;

/* Entry points in stub.S. */
void stub_restorer(void);
void stub_trap(int sig, void *info, void *uc);
long stub_thread_clone(long flags, unsigned long stack, unsigned int *ctid, unsigned long slot);
void stub_enter(unsigned long slot, unsigned long stack) __attribute__((noreturn));
void stub_thread_start(unsigned long slot) __attribute__((noreturn));

#endif
