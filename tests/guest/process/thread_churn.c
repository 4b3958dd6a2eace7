/* tags: threads */
/* SPDX-License-Identifier: MIT */
/*
 * Many short-lived threads, more in all than a process can have at once
 * under ukern's seccomp platform (1024): four threads each create and join
 * 600 more, which make a system call, block a signal and return their
 * argument; then a burst of 64 at once. Every thread runs once, with its own
 * id, and every join gets the right value.
 */
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include "check.h"

#define CREATORS 4
#define EACH 600
#define BURST 64

static long seen[CREATORS];
static int bad[CREATORS];

static void *leaf(void *arg)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &s, NULL);
	if (syscall(SYS_gettid) == getpid())
		return NULL;
	return arg;
}

static void *creator(void *arg)
{
	long idx = (long)arg, i;

	for (i = 0; i < EACH; i++) {
		pthread_t t;
		void *r;

		if (pthread_create(&t, NULL, leaf, (void *)(i + 1)) != 0 || pthread_join(t, &r) != 0 ||
		    r != (void *)(i + 1))
			bad[idx]++;
		else
			seen[idx]++;
	}
	return NULL;
}

int main(void)
{
	pthread_t c[CREATORS], b[BURST];
	long total = 0, i;
	int nbad = 0, ok = 1;

	for (i = 0; i < CREATORS; i++)
		if (pthread_create(&c[i], NULL, creator, (void *)i) != 0)
			ok = 0;
	for (i = 0; i < CREATORS; i++)
		pthread_join(c[i], NULL);
	for (i = 0; i < CREATORS; i++) {
		total += seen[i];
		nbad += bad[i];
	}
	CHECK(ok, "start four creators");
	CHECK(total == CREATORS * EACH && nbad == 0, "2400 threads created, run and joined with their values");
	for (i = 0; i < BURST; i++)
		if (pthread_create(&b[i], NULL, leaf, (void *)(i + 1)) != 0)
			ok = 0;
	for (i = 0; i < BURST; i++) {
		void *r;

		if (pthread_join(b[i], &r) != 0 || r != (void *)(i + 1))
			ok = 0;
	}
	CHECK(ok, "then 64 at once");
	return 0;
}
