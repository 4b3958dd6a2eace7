/* SPDX-License-Identifier: MIT */
/* pthread_create + pthread_join of a thread that returns at once. */
#include <pthread.h>
#include "lib/bench.h"

static void *nothing(void *a)
{
	return a;
}

int main(void)
{
	pthread_t t;

	BENCH(200, pthread_create(&t, NULL, nothing, NULL); pthread_join(t, NULL));
	return 0;
}
