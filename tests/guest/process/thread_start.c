/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * What a new thread finds at its first instruction, before it makes any
 * system call (ukern may start it running before its own kernel thread
 * exists): the tids CLONE_PARENT_SETTID and CLONE_CHILD_SETTID stored, its
 * creator's signal mask, a process-wide signal left pending that it takes
 * as soon as it unblocks it, and a signal sent to it while it only computes.
 * The cloned children make raw system calls only (they share the creator's
 * TLS). And threads whose whole life may pass before pthread_create returns
 * (ukern then ends them on their creator's host thread): joined with their
 * value, and a robust mutex they died holding is EOWNERDEAD to the next.
 */
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include "check.h"

#define FUTEX_WAIT 0
#define STACK_SIZE (256 * 1024)
#define FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM)

static volatile int32_t ptid_word, ctid_word;
static volatile int32_t seen_ptid, seen_ctid;
static volatile long seen_tid, usr1_tid;
static volatile uint64_t seen_mask;
static volatile int kicked, usr1_at_once;

static void on_usr1(int sig)
{
	(void)sig;
	usr1_tid = syscall(SYS_gettid);
}

static void on_winch(int sig)
{
	(void)sig;
	kicked = 1;
}

static int first_fn(void *arg)
{
	uint64_t set = 1ULL << (SIGUSR1 - 1);

	(void)arg;
	/* Before anything else: the stores of both tids, the mask. */
	seen_ptid = ptid_word;
	seen_ctid = ctid_word;
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &seen_mask, 8);
	/* The process-wide SIGUSR1 waits for a thread that takes it: this one, now. */
	syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &set, NULL, 8);
	usr1_at_once = usr1_tid != 0;
	seen_tid = syscall(SYS_gettid);
	return 0;
}

/* No system call at all until the signal came: only a kick can interrupt it. */
static int spin_fn(void *arg)
{
	(void)arg;
	while (!kicked)
		__asm__ volatile("pause");
	return 0;
}

static pthread_mutex_t robust;

/* Ends at once, holding the robust mutex. */
static void *grab(void *arg)
{
	pthread_mutex_lock(&robust);
	return arg;
}

/* Waits for the thread whose CLONE_CHILD_CLEARTID word is ctid_word to be gone. */
static void join(void)
{
	int32_t v;

	while ((v = ctid_word) != 0)
		syscall(SYS_futex, &ctid_word, FUTEX_WAIT, v, NULL, NULL, 0);
}

int main(void)
{
	char *stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct sigaction sa;
	sigset_t block;
	int tid;

	/* First, while the process is young: ukern's driver then shares the creator's CPU. */
	{
		pthread_mutexattr_t ma;
		int i, ok_ret = 1, ok_dead = 1;

		pthread_mutexattr_init(&ma);
		pthread_mutexattr_setrobust(&ma, PTHREAD_MUTEX_ROBUST);
		pthread_mutex_init(&robust, &ma);
		for (i = 0; i < 20; i++) {
			pthread_t th;
			void *ret = NULL;

			if (pthread_create(&th, NULL, grab, (void *)(long)(i + 1)) || pthread_join(th, &ret))
				return 2;
			ok_ret &= ret == (void *)(long)(i + 1);
			ok_dead &= pthread_mutex_lock(&robust) == EOWNERDEAD;
			pthread_mutex_consistent(&robust);
			pthread_mutex_unlock(&robust);
		}
		CHECK(ok_ret, "a thread that ends at once is joined with its value");
		CHECK(ok_dead, "a robust mutex it died holding is EOWNERDEAD to the next owner");
	}
	CHECK(stack != MAP_FAILED, "thread stack");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = on_winch;
	sigaction(SIGWINCH, &sa, NULL);

	/* SIGUSR1 and SIGUSR2 blocked; SIGUSR1 pending for the process. */
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGUSR2);
	sigprocmask(SIG_BLOCK, &block, NULL);
	kill(getpid(), SIGUSR1);

	ctid_word = -1;
	tid = clone(first_fn, stack + STACK_SIZE, FLAGS | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID |
		    CLONE_CHILD_CLEARTID, NULL, &ptid_word, NULL, &ctid_word);
	CHECK(tid > 0, "clone a thread");
	join();
	CHECK(seen_tid == tid, "the thread has the tid clone returned");
	CHECK(seen_ptid == tid, "CLONE_PARENT_SETTID was stored before the thread ran");
	CHECK(seen_ctid == tid, "CLONE_CHILD_SETTID was stored before the thread ran");
	CHECK((seen_mask & (1ULL << (SIGUSR1 - 1))) && (seen_mask & (1ULL << (SIGUSR2 - 1))),
	      "the thread starts with its creator's signal mask");
	CHECK(!(seen_mask & (1ULL << (SIGWINCH - 1))), "and only that mask");
	CHECK(usr1_at_once, "a pending process signal is taken as the new thread unblocks it");
	CHECK(usr1_tid == tid, "by that thread");

	ctid_word = -1;
	tid = clone(spin_fn, stack + STACK_SIZE, FLAGS | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID, NULL, NULL,
		    NULL, &ctid_word);
	CHECK(tid > 0, "clone a thread that only computes");
	CHECK(syscall(SYS_tgkill, getpid(), tid, SIGWINCH) == 0, "signal it at once");
	join();
	CHECK(kicked, "the signal interrupted its computing");

	return 0;
}
