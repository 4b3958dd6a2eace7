/* SPDX-License-Identifier: MIT */
/* getppid round trip: prints the median ns per call of 9 rounds. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 20000, i;
	double r[9];
	int k;

	for (k = 0; k < 9; k++) {
		double t0 = now();

		for (i = 0; i < n; i++)
			syscall(SYS_getppid);
		r[k] = (now() - t0) / n;
	}
	qsort(r, 9, sizeof(r[0]), cmp);
	printf("%.1f\n", r[4]);
	return 0;
}
