/* SPDX-License-Identifier: MIT */
/*
 * The guest vDSO: a small shared object of ours mapped into every guest at
 * exec (AT_SYSINFO_EHDR), with a data page ukern keeps current, so that
 * clock_gettime, gettimeofday and time never leave the guest yet follow
 * ukern's virtual clocks. Needs an invariant TSC; without one the guest
 * gets no vDSO and libc uses the system calls.
 *
 * Lock order: the data page is written with kernel_lock held; readers use
 * its sequence count.
 */
#ifndef VDSO_VDSO_H
#define VDSO_VDSO_H
#include <stdbool.h>
#include <stdint.h>
#include "abi/types.h"

struct mm;
struct platform_ctx;

/* Builds the image and the data page; false when the host has no usable TSC. */
bool vdso_init(void);
/* Maps the vDSO into a new address space; its address for AT_SYSINFO_EHDR, 0 without one, or -errno. */
long vdso_map(struct mm *mm, struct platform_ctx *ctx);
/* The guest clocks from the TSC once calibrated (kernel/time.c): false before, and without a vDSO. */
bool vdso_clock(int64_t *mono, int64_t *real);
/* Sets the realtime offset so that realtime reads ns now (clock_settime). */
void vdso_set_realtime(int64_t real_ns);
/* Calibrates against the host clocks (the timer thread, under kernel_lock); called again periodically. */
void vdso_calibrate(int64_t host_mono, int64_t guest_mono, int64_t guest_real);

#endif
