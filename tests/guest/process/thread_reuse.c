/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * A thread made after others ended owes them nothing (ukern may run it on a
 * host thread a finished one left): its CPU clock starts near zero though
 * the one before burned CPU, its floating-point modes are its creator's, not
 * the last thread's, its signal mask and alternate stack are its own, and
 * its thread-local storage is fresh. Several rounds, with more threads
 * ending at once than ukern keeps.
 */
#include <pthread.h>
#include <signal.h>
#include <time.h>
#include "check.h"
#include "fpu.h"

static __thread int tls_word;

struct seen {
	double cpu_ms;
	int round;
	int tls;
	int usr1_blocked;
	int on_altstack;
};

#define MXCSR_RC 0x6000 /* SSE rounding control; 0 is round to nearest */

static double thread_cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Leaves behind all it can: CPU time, an SSE rounding mode, a blocked signal, an alternate stack, TLS. */
static void *messy(void *arg)
{
	static char altstack[4][65536];
	stack_t ss = { .ss_sp = altstack[(long)arg % 4], .ss_size = sizeof(altstack[0]) };
	volatile double x = 1;
	sigset_t set;

	set_mxcsr(get_mxcsr() | MXCSR_RC);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	sigaltstack(&ss, NULL);
	tls_word = 77;
	while (thread_cpu_ms() < 30)
		x = x * 1.0000001;
	return NULL;
}

static void *fresh(void *arg)
{
	struct seen *s = arg;
	stack_t ss;
	sigset_t set;

	s->cpu_ms = thread_cpu_ms();
	s->round = get_mxcsr() & MXCSR_RC;
	s->tls = tls_word;
	pthread_sigmask(SIG_BLOCK, NULL, &set);
	s->usr1_blocked = sigismember(&set, SIGUSR1);
	sigaltstack(NULL, &ss);
	s->on_altstack = !(ss.ss_flags & SS_DISABLE);
	return NULL;
}

int main(void)
{
	int round, i, ok_cpu = 1, ok_round = 1, ok_tls = 1, ok_mask = 1, ok_alt = 1;

	for (round = 0; round < 3; round++) {
		pthread_t t[6];
		struct seen s;

		/* More than ukern keeps (4) end together. */
		for (i = 0; i < 6; i++)
			if (pthread_create(&t[i], NULL, messy, (void *)(long)i))
				return 2;
		for (i = 0; i < 6; i++)
			pthread_join(t[i], NULL);
		for (i = 0; i < 6; i++) {
			memset(&s, 0, sizeof(s));
			if (pthread_create(&t[0], NULL, fresh, &s) || pthread_join(t[0], NULL))
				return 2;
			ok_cpu &= s.cpu_ms < 15;
			ok_round &= s.round == 0;
			ok_tls &= s.tls == 0;
			ok_mask &= !s.usr1_blocked;
			ok_alt &= !s.on_altstack;
		}
	}
	CHECK(ok_cpu, "a new thread's CPU clock starts near zero");
	CHECK(ok_round, "a new thread has its creator's rounding mode");
	CHECK(ok_tls, "a new thread's TLS is fresh");
	CHECK(ok_mask, "a new thread has its creator's signal mask");
	CHECK(ok_alt, "a new thread has no alternate signal stack");
	return 0;
}
