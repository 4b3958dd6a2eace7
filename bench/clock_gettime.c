/* SPDX-License-Identifier: MIT */
/* clock_gettime(CLOCK_MONOTONIC) through libc (the vDSO natively). */
#include "lib/bench.h"

int main(void)
{
	struct timespec ts;

	BENCH(20000, clock_gettime(CLOCK_MONOTONIC, &ts));
	return 0;
}
