/* SPDX-License-Identifier: MIT */
/*
 * The guest's vDSO (linux-vdso.so.1): clock_gettime, gettimeofday, time,
 * clock_getres and getcpu as libc finds them through AT_SYSINFO_EHDR. The
 * time calls read the data page ukern keeps just below this image
 * (vdso_data.h) and the time-stamp counter, and never leave the guest; other
 * clocks, and a data page that says so, fall back to the system call (which
 * ukern serves as any other). Built freestanding and position independent,
 * without relocations (Makefile, guest.lds).
 */
#include <stdint.h>
#include "vdso/vdso_data.h"

struct k_timespec {
	int64_t tv_sec, tv_nsec;
};
struct k_timeval {
	int64_t tv_sec, tv_usec;
};

/* The data page is the page below this image's ELF header (ukern maps them so). */
static const volatile struct vdso_data *vd(void)
{
	uintptr_t p;

	__asm__("lea __ehdr_start(%%rip), %0" : "=r"(p));
	return (const volatile struct vdso_data *)(p - 4096);
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static long sys2(long nr, long a, long b)
{
	long r;

	__asm__ volatile("syscall" : "=a"(r) : "a"(nr), "D"(a), "S"(b) : "rcx", "r11", "memory");
	return r;
}

static long sys3(long nr, long a, long b, long c)
{
	long r;

	__asm__ volatile("syscall" : "=a"(r) : "a"(nr), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
	return r;
}

/* Guest monotonic and realtime ns; 0 when the data page says to use the system call. */
static int read_clock(int64_t *mono, int64_t *real)
{
	const volatile struct vdso_data *d = vd();
	uint32_t s;

	do {
		s = d->seq;
		__asm__ volatile("" ::: "memory");
		if (s & 1)
			continue;
		if (!d->enabled)
			return 0;
		*mono = d->mono_base +
			(int64_t)(((unsigned __int128)(rdtsc() - d->tsc_base) * d->mult) >> d->shift);
		*real = *mono + d->realtime_offset;
		__asm__ volatile("" ::: "memory");
	} while (s & 1 || s != d->seq);
	return 1;
}

int __vdso_clock_gettime(int clk, struct k_timespec *ts)
{
	int64_t mono, real, v;

	switch (clk) {
	case 0: /* REALTIME */
	case 1: /* MONOTONIC */
	case 4: /* MONOTONIC_RAW */
	case 5: /* REALTIME_COARSE */
	case 6: /* MONOTONIC_COARSE */
	case 7: /* BOOTTIME */
		if (!read_clock(&mono, &real))
			break;
		v = clk == 0 || clk == 5 ? real : mono;
		ts->tv_sec = v / 1000000000;
		ts->tv_nsec = v % 1000000000;
		return 0;
	}
	return (int)sys2(228, clk, (long)ts);
}

int __vdso_gettimeofday(struct k_timeval *tv, void *tz)
{
	int64_t mono, real;

	if (tz || !read_clock(&mono, &real))
		return (int)sys2(96, (long)tv, (long)tz);
	if (tv) {
		tv->tv_sec = real / 1000000000;
		tv->tv_usec = real % 1000000000 / 1000;
	}
	return 0;
}

int64_t __vdso_time(int64_t *t)
{
	int64_t mono, real;

	if (!read_clock(&mono, &real))
		return sys2(201, (long)t, 0);
	if (t)
		*t = real / 1000000000;
	return real / 1000000000;
}

int __vdso_clock_getres(int clk, struct k_timespec *res)
{
	return (int)sys2(229, clk, (long)res);
}

long __vdso_getcpu(unsigned *cpu, unsigned *node, void *cache)
{
	return sys3(309, (long)cpu, (long)node, (long)cache);
}

int clock_gettime(int, struct k_timespec *) __attribute__((weak, alias("__vdso_clock_gettime")));
int gettimeofday(struct k_timeval *, void *) __attribute__((weak, alias("__vdso_gettimeofday")));
int64_t time(int64_t *) __attribute__((weak, alias("__vdso_time")));
int clock_getres(int, struct k_timespec *) __attribute__((weak, alias("__vdso_clock_getres")));
long getcpu(unsigned *, unsigned *, void *) __attribute__((weak, alias("__vdso_getcpu")));
