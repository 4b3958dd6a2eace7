/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * arch_prctl(): ARCH_GET_FS matches the TLS block, ARCH_SET_FS moves %fs so
 * thread-locals are read from a copy, ARCH_GET_GS/ARCH_SET_GS, per-thread bases.
 */
#include <pthread.h>
#include <sys/syscall.h>
#include "check.h"

#ifndef ARCH_SET_GS
#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004
#endif

static __thread long tls_var = 42;

static long arch_prctl(int code, unsigned long addr)
{
	return syscall(SYS_arch_prctl, code, addr);
}

static __attribute__((noinline)) long read_tls(void)
{
	long v = tls_var;

	__asm__ volatile("" ::: "memory");
	return v;
}

static __attribute__((noinline)) void write_tls(long v)
{
	tls_var = v;
	__asm__ volatile("" ::: "memory");
}

static __attribute__((noinline)) long *tls_addr(void)
{
	return &tls_var;
}

static unsigned long read_fs0(void)
{
	unsigned long v;

	__asm__ volatile("mov %%fs:0, %0" : "=r"(v));
	return v;
}

static unsigned long read_gs0(void)
{
	unsigned long v;

	__asm__ volatile("mov %%gs:0, %0" : "=r"(v));
	return v;
}

static unsigned long thread_fs;

static void *thread_fn(void *arg)
{
	(void)arg;
	arch_prctl(ARCH_GET_FS, (unsigned long)&thread_fs);
	return NULL;
}

#define TLS_COPY 8192

int main(void)
{
	static char copy[2 * TLS_COPY] __attribute__((aligned(64)));
	unsigned long fs = 0, fs2 = 0, gs = 1, newgs = 0;
	static unsigned long gs_block[4] = { 0x1122334455667788UL };
	long off, *orig_addr;

	CHECK(arch_prctl(ARCH_GET_FS, (unsigned long)&fs) == 0, "ARCH_GET_FS");
	CHECK(fs != 0, "fs base nonzero");
	CHECK(read_fs0() == fs, "%fs:0 holds the thread pointer itself");
	orig_addr = tls_addr();
	off = (char *)orig_addr - (char *)fs;
	CHECK(off < 0 && off > -TLS_COPY, "static TLS variable lies just below the thread pointer");
	CHECK(read_tls() == 42, "TLS initial value");

	/* point %fs at a copy of [tls_var, fs + 64): the variable and the TCB header */
	memcpy(copy + TLS_COPY + off, (char *)fs + off, 64 - off);
	*(unsigned long *)(copy + TLS_COPY) = (unsigned long)(copy + TLS_COPY);
	CHECK(arch_prctl(ARCH_SET_FS, (unsigned long)(copy + TLS_COPY)) == 0, "ARCH_SET_FS copy");
	write_tls(7);
	arch_prctl(ARCH_GET_FS, (unsigned long)&fs2);
	arch_prctl(ARCH_SET_FS, fs);
	CHECK(fs2 == (unsigned long)(copy + TLS_COPY), "ARCH_GET_FS returns the new base");
	CHECK(*(long *)(copy + TLS_COPY + off) == 7, "TLS write went to the copy");
	CHECK(*orig_addr == 42 && read_tls() == 42, "original TLS untouched, restored");
	write_tls(43);
	CHECK(*orig_addr == 43, "after restoring, TLS writes go to the original");

	/* gs */
	CHECK(arch_prctl(ARCH_GET_GS, (unsigned long)&gs) == 0, "ARCH_GET_GS");
	CHECK(gs == 0, "gs base is 0 initially");
	CHECK(arch_prctl(ARCH_SET_GS, (unsigned long)gs_block) == 0, "ARCH_SET_GS");
	CHECK(arch_prctl(ARCH_GET_GS, (unsigned long)&newgs) == 0 &&
		      newgs == (unsigned long)gs_block,
	      "ARCH_GET_GS returns the new base");
	CHECK(read_gs0() == 0x1122334455667788UL, "%gs:0 reads through the new base");
	CHECK(arch_prctl(ARCH_SET_GS, 0) == 0, "ARCH_SET_GS 0");

	/* each thread has its own fs base */
	{
		pthread_t t;

		CHECK(pthread_create(&t, NULL, thread_fn, NULL) == 0 && pthread_join(t, NULL) == 0,
		      "thread ran");
		CHECK(thread_fs != 0 && thread_fs != fs, "thread has a different fs base");
	}

	/* errors */
	CHECK_ERR(arch_prctl(0x9999, 0), EINVAL, "unknown code -> EINVAL");
	CHECK_ERR(arch_prctl(ARCH_SET_FS, 1UL << 63), EPERM, "non-canonical fs base -> EPERM");
	CHECK_ERR(arch_prctl(ARCH_SET_GS, 1UL << 63), EPERM, "non-canonical gs base -> EPERM");
	CHECK_ERR(arch_prctl(ARCH_GET_FS, 8), EFAULT, "ARCH_GET_FS to bad pointer -> EFAULT");
	fs2 = 0;
	arch_prctl(ARCH_GET_FS, (unsigned long)&fs2);
	CHECK(fs2 == fs, "fs base unchanged by failed calls");
	return 0;
}
