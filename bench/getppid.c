/* SPDX-License-Identifier: MIT */
/* getppid round trip: the cost of one emulated system call. */
#include <sys/syscall.h>
#include <unistd.h>
#include "lib/bench.h"

int main(void)
{
	BENCH(20000, syscall(SYS_getppid));
	return 0;
}
