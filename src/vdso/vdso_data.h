/* SPDX-License-Identifier: MIT */
/*
 * The vDSO's data page (vvar), shared by ukern and every guest: the guest
 * clocks as a function of the CPU's time-stamp counter,
 *   monotonic = mono_base + ((tsc - tsc_base) * mult) >> shift
 *   realtime  = monotonic + realtime_offset
 * under a sequence count (odd while ukern updates it). ukern's own clock
 * system calls compute the same function, so both agree to the nanosecond.
 */
#ifndef VDSO_VDSO_DATA_H
#define VDSO_VDSO_DATA_H
#include <stdint.h>

struct vdso_data {
	uint32_t seq;
	uint32_t enabled; /* 0: the guest's vDSO falls back to the system call */
	uint64_t tsc_base;
	int64_t mono_base;
	uint64_t mult;
	uint32_t shift, pad;
	int64_t realtime_offset;
};

#define VDSO_SHIFT 32

#endif
