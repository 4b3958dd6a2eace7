/* SPDX-License-Identifier: MIT */
/*
 * runtime N PROGRAM [ARG...]: runs PROGRAM N times (fork, execvp, wait, its
 * output to /dev/null) and prints the median wall time of one run in
 * microseconds. For cold-start figures without a shell's or date(1)'s own
 * start in them.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[1]) : 0;
	double *t;

	if (n < 1) {
		fprintf(stderr, "usage: runtime N PROGRAM [ARG...]\n");
		return 2;
	}
	t = calloc((size_t)n, sizeof(*t));
	for (int i = 0; i < n; i++) {
		struct timespec a, b;
		int st;
		pid_t p;

		clock_gettime(CLOCK_MONOTONIC, &a);
		p = fork();
		if (p == 0) {
			int nul = open("/dev/null", O_RDWR);

			dup2(nul, 1);
			dup2(nul, 2);
			execvp(argv[2], argv + 2);
			_exit(127);
		}
		if (p < 0 || waitpid(p, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			fprintf(stderr, "runtime: %s failed\n", argv[2]);
			return 1;
		}
		clock_gettime(CLOCK_MONOTONIC, &b);
		t[i] = (double)(b.tv_sec - a.tv_sec) * 1e6 + (double)(b.tv_nsec - a.tv_nsec) / 1e3;
	}
	qsort(t, (size_t)n, sizeof(*t), cmp);
	printf("%.0f\n", t[n / 2]);
	return 0;
}
