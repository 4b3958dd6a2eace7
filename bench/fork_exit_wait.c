/* SPDX-License-Identifier: MIT */
/* fork + _exit + waitpid. */
#include <sys/wait.h>
#include <unistd.h>
#include "lib/bench.h"

int main(void)
{
	BENCH(100, pid_t p = fork(); if (p == 0) _exit(0); waitpid(p, NULL, 0));
	return 0;
}
