/* SPDX-License-Identifier: MIT */
/*
 * Micro-benchmark scaffolding: BENCH(n, body) runs body n times per round,
 * 9 rounds, and prints the median ns per iteration. Programs are built static
 * and run natively and inside ukern by bench/run.sh.
 */
#ifndef BENCH_H
#define BENCH_H
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static inline int bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

#define BENCH(n, body)                                                         \
	do {                                                                   \
		double r_[9];                                                  \
		long i_;                                                       \
		for (int k_ = 0; k_ < 9; k_++) {                               \
			double t0_ = bench_now();                              \
			for (i_ = 0; i_ < (n); i_++) {                         \
				body;                                          \
			}                                                      \
			r_[k_] = (bench_now() - t0_) / (n);                    \
		}                                                              \
		qsort(r_, 9, sizeof(r_[0]), bench_cmp);                        \
		printf("%.1f\n", r_[4]);                                       \
	} while (0)

#endif
