/* tags: threads fork */
/* SPDX-License-Identifier: MIT */
/*
 * futex(2): WAIT/WAKE, timeouts, REQUEUE, CMP_REQUEUE, WAKE_OP, the BITSET
 * ops and the PRIVATE flag, between threads and across fork, and the errors.
 */
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include "check.h"

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_BITSET_MATCH_ANY 0xffffffff

#define FUTEX_OP_SET 0
#define FUTEX_OP_ADD 1
#define FUTEX_OP_OPARG_SHIFT 8
#define FUTEX_OP_CMP_EQ 0
#define FUTEX_OP_CMP_NE 1
#define FUTEX_OP(op, oparg, cmp, cmparg)                                               \
	((((op) & 0xf) << 28) | (((cmp) & 0xf) << 24) | (((oparg) & 0xfff) << 12) |              \
	 ((cmparg) & 0xfff))

static long futex(int *uaddr, int op, int val, long timeout_or_val2, int *uaddr2, int val3)
{
	return syscall(SYS_futex, uaddr, op, val, timeout_or_val2, uaddr2, val3);
}

static int64_t now_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

struct waiter {
	pthread_t th;
	int *addr;
	int op;
	unsigned bitset;
	long ret;
	int err;
	int done;
};

/* Waits once on w->addr (value 0) with a 10 s safety timeout. */
static void *waiter_fn(void *arg)
{
	struct waiter *w = arg;
	struct timespec ts = { 10, 0 };
	long r;

	if ((w->op & ~FUTEX_PRIVATE_FLAG) == FUTEX_WAIT_BITSET) {
		int64_t t = now_ns(CLOCK_MONOTONIC) + 10000000000LL;

		ts.tv_sec = t / 1000000000;
		ts.tv_nsec = t % 1000000000;
	}
	r = futex(w->addr, w->op, 0, (long)&ts, NULL, (int)w->bitset);
	w->err = r == -1 ? errno : 0;
	w->ret = r;
	__atomic_store_n(&w->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void start(struct waiter *w, int *addr, int op, unsigned bitset)
{
	memset(w, 0, sizeof(*w));
	w->addr = addr;
	w->op = op;
	w->bitset = bitset;
	pthread_create(&w->th, NULL, waiter_fn, w);
}

static int is_done(struct waiter *w)
{
	return __atomic_load_n(&w->done, __ATOMIC_SEQ_CST);
}

/* Waits up to 5 s for w to finish; true if it finished after a real wake. */
static int woke_ok(struct waiter *w)
{
	int i;

	for (i = 0; i < 5000 && !is_done(w); i++)
		usleep(1000);
	return is_done(w) && w->ret == 0;
}

/*
 * Moves n sleepers from *from (value 0) to *to with CMP_REQUEUE, retrying
 * until all n were really asleep and moved. Returns how many moved.
 */
static int gather(int *from, int *to, int n, int priv)
{
	int moved = 0, i;
	long r;

	for (i = 0; i < 5000 && moved < n; i++) {
		r = futex(from, FUTEX_CMP_REQUEUE | priv, 0, n - moved, to, 0);
		if (r > 0)
			moved += r;
		else if (r < 0)
			break;
		if (moved < n)
			usleep(1000);
	}
	return moved;
}

static void test_basic(void)
{
	struct timespec ts;
	int f = 1, g = 0;
	int64_t t0, t1;

	CHECK_ERR(futex(&f, FUTEX_WAIT, 0, 0, NULL, 0), EAGAIN,
		  "WAIT on a mismatched value is EAGAIN");
	CHECK_ERR(futex(&f, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, 0, NULL, 0), EAGAIN,
		  "WAIT_PRIVATE on a mismatched value is EAGAIN");
	ts.tv_sec = 0;
	ts.tv_nsec = 30000000;
	t0 = now_ns(CLOCK_MONOTONIC);
	CHECK_ERR(futex(&g, FUTEX_WAIT, 0, (long)&ts, NULL, 0), ETIMEDOUT,
		  "WAIT with a 30 ms timeout is ETIMEDOUT");
	t1 = now_ns(CLOCK_MONOTONIC);
	CHECK(t1 - t0 >= 30000000 && t1 - t0 < 5000000000LL, "relative timeout took 30 ms");
	ts.tv_nsec = 0;
	CHECK_ERR(futex(&g, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, (long)&ts, NULL, 0), ETIMEDOUT,
		  "WAIT_PRIVATE with a zero timeout is ETIMEDOUT");
	CHECK(futex(&g, FUTEX_WAKE, 1, 0, NULL, 0) == 0, "WAKE with no waiters returns 0");
	CHECK(futex(&g, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, INT_MAX, 0, NULL, 0) == 0,
	      "WAKE_PRIVATE with no waiters returns 0");

	/* WAIT_BITSET takes an absolute timeout. */
	t0 = now_ns(CLOCK_MONOTONIC) + 30000000;
	ts.tv_sec = t0 / 1000000000;
	ts.tv_nsec = t0 % 1000000000;
	CHECK_ERR(futex(&g, FUTEX_WAIT_BITSET, 0, (long)&ts, NULL, 1), ETIMEDOUT,
		  "WAIT_BITSET with an absolute MONOTONIC timeout is ETIMEDOUT");
	CHECK(now_ns(CLOCK_MONOTONIC) >= t0, "absolute MONOTONIC deadline was reached");
	t0 = now_ns(CLOCK_REALTIME) + 20000000;
	ts.tv_sec = t0 / 1000000000;
	ts.tv_nsec = t0 % 1000000000;
	CHECK_ERR(futex(&g, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME | FUTEX_PRIVATE_FLAG, 0,
			(long)&ts, NULL, -1),
		  ETIMEDOUT, "WAIT_BITSET with an absolute REALTIME timeout is ETIMEDOUT");
	CHECK(now_ns(CLOCK_REALTIME) >= t0, "absolute REALTIME deadline was reached");
	ts.tv_sec = 1;
	ts.tv_nsec = 0;
	CHECK_ERR(futex(&g, FUTEX_WAIT_BITSET, 0, (long)&ts, NULL, 1), ETIMEDOUT,
		  "WAIT_BITSET with a deadline in the past is ETIMEDOUT");

	/* Errors. */
	ts.tv_sec = 0;
	ts.tv_nsec = 1000000000;
	CHECK_ERR(futex(&g, FUTEX_WAIT, 0, (long)&ts, NULL, 0), EINVAL,
		  "WAIT with tv_nsec 1e9 is EINVAL");
	CHECK_ERR(futex((int *)((char *)&g + 1), FUTEX_WAIT, 0, 0, NULL, 0), EINVAL,
		  "unaligned address is EINVAL");
	CHECK_ERR(futex(NULL, FUTEX_WAIT, 0, 0, NULL, 0), EFAULT, "NULL address is EFAULT");
	CHECK_ERR(futex(&g, 99, 0, 0, NULL, 0), ENOSYS, "unknown op is ENOSYS");
	CHECK_ERR(futex(&g, FUTEX_WAIT_BITSET, 0, 0, NULL, 0), EINVAL,
		  "WAIT_BITSET with bitset 0 is EINVAL");
	CHECK_ERR(futex(&g, FUTEX_WAKE_BITSET, 1, 0, NULL, 0), EINVAL,
		  "WAKE_BITSET with bitset 0 is EINVAL");
	CHECK_ERR(futex(&g, FUTEX_CMP_REQUEUE, 1, 1, &f, 5), EAGAIN,
		  "CMP_REQUEUE with a mismatched value is EAGAIN");
	CHECK_ERR(futex(&g, FUTEX_CMP_REQUEUE, 1, -1, &f, 0), EINVAL,
		  "CMP_REQUEUE with a negative count is EINVAL");
}

/*
 * The threaded scenarios below park waiters on a futex with CMP_REQUEUE so
 * that they are known to be asleep. Linux allows a spurious wake-up of a
 * waiter (a late wake from a wake queue, say, seen on loaded machines); the
 * waiter then re-queues on the address it first waited on, silently leaving
 * the futex it was moved to. settle() closes that door: it makes the first
 * word 1, so such a waiter returns EAGAIN instead, and sweeps anyone who
 * already went back. A round that saw either is redone; its observations
 * are only reported from an undisturbed round, so the checks stay exact.
 */
#define ROUNDS 20

struct obs {
	int v[16];
	int n;
	int disturbed;
};

static void note(struct obs *o, int cond)
{
	o->v[o->n++] = !!cond;
}

static void settle(struct obs *o, int *from, int *to, int priv)
{
	__atomic_store_n(from, 1, __ATOMIC_SEQ_CST);
	if (futex(from, FUTEX_CMP_REQUEUE | priv, 1, INT_MAX, to, 1) != 0)
		o->disturbed = 1;
}

/* Wakes whoever is left, joins all n waiters, and notes EAGAIN as a disturbance. */
static void finish(struct obs *o, struct waiter *w, int n, int **addrs, int priv)
{
	int i;

	for (i = 0; addrs[i]; i++)
		futex(addrs[i], FUTEX_WAKE | priv, INT_MAX, 0, NULL, 0);
	for (i = 0; i < n; i++) {
		pthread_join(w[i].th, NULL);
		if (w[i].ret == -1 && w[i].err == EAGAIN)
			o->disturbed = 1;
	}
}

static void run_rounds(struct obs *o, void (*round)(struct obs *))
{
	int r;

	for (r = 0; r < ROUNDS; r++) {
		memset(o, 0, sizeof(*o));
		round(o);
		if (!o->disturbed)
			return;
	}
	fprintf(stderr, "futex: %d rounds in a row saw spurious wake-ups\n", ROUNDS);
}

/* Private WAKE between threads, counted exactly. */
static void round_wake(struct obs *o)
{
	static int g, f;
	int *addrs[] = { &g, &f, NULL };
	struct waiter w[3];
	int i, n;

	g = f = 0;
	for (i = 0; i < 3; i++)
		start(&w[i], &g, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0);
	note(o, gather(&g, &f, 3, FUTEX_PRIVATE_FLAG) == 3);
	settle(o, &g, &f, FUTEX_PRIVATE_FLAG);
	note(o, futex(&f, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, 0, NULL, 0) == 1);
	for (i = 0; i < 5000; i++) {
		n = is_done(&w[0]) + is_done(&w[1]) + is_done(&w[2]);
		if (n)
			break;
		usleep(1000);
	}
	usleep(20000);
	n = is_done(&w[0]) + is_done(&w[1]) + is_done(&w[2]);
	note(o, n == 1);
	note(o, futex(&g, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, INT_MAX, 0, NULL, 0) == 0);
	note(o, futex(&f, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, INT_MAX, 0, NULL, 0) == 2);
	finish(o, w, 3, addrs, FUTEX_PRIVATE_FLAG);
	note(o, w[0].ret == 0 && w[1].ret == 0 && w[2].ret == 0);
}

static void test_wake(void)
{
	struct obs o;

	run_rounds(&o, round_wake);
	CHECK(o.v[0], "three threads sleep (CMP_REQUEUE_PRIVATE)");
	CHECK(o.v[1], "WAKE_PRIVATE 1 wakes exactly one");
	CHECK(o.v[2], "one thread is awake, two still sleep");
	CHECK(o.v[3], "nobody is left on the first futex");
	CHECK(o.v[4], "WAKE_PRIVATE INT_MAX wakes the other two");
	CHECK(o.v[5], "all three WAITs returned 0");
}

/* Plain (shared-key) REQUEUE between threads. */
static void round_requeue(struct obs *o)
{
	static int g, f1, f2;
	int *addrs[] = { &g, &f1, &f2, NULL };
	struct waiter w[3];
	int i;

	g = f1 = f2 = 0;
	for (i = 0; i < 3; i++)
		start(&w[i], &g, FUTEX_WAIT, 0);
	note(o, gather(&g, &f1, 3, 0) == 3);
	settle(o, &g, &f1, 0);
	note(o, futex(&f1, FUTEX_REQUEUE, 1, 1, &f2, 0) == 2);
	note(o, futex(&f2, FUTEX_WAKE, INT_MAX, 0, NULL, 0) == 1);
	note(o, futex(&f1, FUTEX_CMP_REQUEUE, 0, INT_MAX, &f2, 1) == -1 && errno == EAGAIN);
	note(o, futex(&f1, FUTEX_WAKE, INT_MAX, 0, NULL, 0) == 1);
	finish(o, w, 3, addrs, 0);
	note(o, w[0].ret == 0 && w[1].ret == 0 && w[2].ret == 0);
}

static void test_requeue(void)
{
	struct obs o;

	run_rounds(&o, round_requeue);
	CHECK(o.v[0], "three threads sleep (CMP_REQUEUE)");
	CHECK(o.v[1], "REQUEUE wakes 1, moves 1, returns 2");
	CHECK(o.v[2], "one waiter was moved to f2");
	CHECK(o.v[3], "CMP_REQUEUE with a mismatch moves nobody");
	CHECK(o.v[4], "one waiter stayed on f1");
	CHECK(o.v[5], "all three WAITs returned 0");
}

static void test_wake_op_words(void)
{
	static int g, fc;

	fc = 0;
	CHECK(futex(&g, FUTEX_WAKE_OP, 1, 1, &fc, FUTEX_OP(FUTEX_OP_ADD, 5, FUTEX_OP_CMP_EQ, 0)) ==
		      0,
	      "WAKE_OP with no waiters returns 0");
	CHECK(fc == 5, "WAKE_OP ADD 5 changed the second word");
	futex(&g, FUTEX_WAKE_OP, 1, 1, &fc, FUTEX_OP(FUTEX_OP_SET, 9, FUTEX_OP_CMP_EQ, 0));
	CHECK(fc == 9, "WAKE_OP SET 9");
	futex(&g, FUTEX_WAKE_OP, 1, 1, &fc,
	      FUTEX_OP(FUTEX_OP_ADD | FUTEX_OP_OPARG_SHIFT, 4, FUTEX_OP_CMP_EQ, 0));
	CHECK(fc == 25, "WAKE_OP ADD with OPARG_SHIFT adds 1 << 4");
}

/* One sleeper on fa, one on fb. */
static void round_wake_op(struct obs *o)
{
	static int g, fa, fb;
	int *addrs[] = { &g, &fa, &fb, NULL };
	struct waiter w[2];
	int a;

	g = fa = fb = 0;
	start(&w[0], &g, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0);
	start(&w[1], &g, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0);
	a = gather(&g, &fa, 1, FUTEX_PRIVATE_FLAG);
	a += gather(&g, &fb, 1, FUTEX_PRIVATE_FLAG);
	note(o, a == 2);
	settle(o, &g, &fb, FUTEX_PRIVATE_FLAG);
	/* Comparison false: only the fa sleeper wakes; fb is still set. */
	note(o, futex(&fa, FUTEX_WAKE_OP | FUTEX_PRIVATE_FLAG, 1, 1, &fb,
		      FUTEX_OP(FUTEX_OP_SET, 1, FUTEX_OP_CMP_NE, 0)) == 1);
	note(o, fb == 1);
	/* Comparison true: the fb sleeper wakes. */
	note(o, futex(&fa, FUTEX_WAKE_OP | FUTEX_PRIVATE_FLAG, 1, 1, &fb,
		      FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_EQ, 1)) == 1);
	note(o, fb == 2);
	finish(o, w, 2, addrs, FUTEX_PRIVATE_FLAG);
	note(o, w[0].ret == 0 && w[1].ret == 0);
}

static void test_wake_op(void)
{
	struct obs o;

	test_wake_op_words();
	run_rounds(&o, round_wake_op);
	CHECK(o.v[0], "one thread sleeps on each of two futexes");
	CHECK(o.v[1], "WAKE_OP with a false comparison wakes one");
	CHECK(o.v[2], "the operation was applied anyway");
	CHECK(o.v[3], "WAKE_OP with a true comparison wakes the second futex's sleeper");
	CHECK(o.v[4], "old value 1 plus 1");
	CHECK(o.v[5], "both WAITs returned 0");
}

static void round_bitset(struct obs *o)
{
	static int g, f;
	int *addrs[] = { &g, &f, NULL };
	struct waiter w[2];

	g = f = 0;
	start(&w[0], &g, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, 0x1);
	start(&w[1], &g, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, 0x2);
	note(o, gather(&g, &f, 2, FUTEX_PRIVATE_FLAG) == 2);
	settle(o, &g, &f, FUTEX_PRIVATE_FLAG);
	note(o, futex(&f, FUTEX_WAKE_BITSET | FUTEX_PRIVATE_FLAG, INT_MAX, 0, NULL, 0x4) == 0);
	note(o, futex(&f, FUTEX_WAKE_BITSET | FUTEX_PRIVATE_FLAG, INT_MAX, 0, NULL, 0x1) == 1);
	note(o, woke_ok(&w[0]));
	usleep(20000);
	note(o, !is_done(&w[1]));
	note(o, futex(&f, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, INT_MAX, 0, NULL, 0) == 1);
	note(o, woke_ok(&w[1]));
	finish(o, w, 2, addrs, FUTEX_PRIVATE_FLAG);

	g = f = 0;
	start(&w[0], &g, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, 0x6);
	note(o, gather(&g, &f, 1, FUTEX_PRIVATE_FLAG) == 1);
	settle(o, &g, &f, FUTEX_PRIVATE_FLAG);
	note(o, futex(&f, FUTEX_WAKE_BITSET | FUTEX_PRIVATE_FLAG, INT_MAX, 0, NULL,
		      (int)FUTEX_BITSET_MATCH_ANY) == 1);
	finish(o, w, 1, addrs, FUTEX_PRIVATE_FLAG);
	note(o, w[0].ret == 0);
}

static void test_bitset(void)
{
	struct obs o;

	run_rounds(&o, round_bitset);
	CHECK(o.v[0], "two bitset waiters sleep");
	CHECK(o.v[1], "WAKE_BITSET with a disjoint bitset wakes nobody");
	CHECK(o.v[2], "WAKE_BITSET 0x1 wakes one");
	CHECK(o.v[3], "it was the 0x1 waiter");
	CHECK(o.v[4], "the 0x2 waiter still sleeps");
	CHECK(o.v[5], "plain WAKE matches any bitset");
	CHECK(o.v[6], "the 0x2 waiter woke");
	CHECK(o.v[7], "bitset 0x6 waiter sleeps");
	CHECK(o.v[8], "WAKE_BITSET MATCH_ANY wakes it");
	CHECK(o.v[9], "WAIT_BITSET returned 0");
}

/* Shared futex in MAP_SHARED memory, woken from another process. */
static void test_fork(void)
{
	struct timespec ts = { 10, 0 };
	int *f, st;
	long r;
	pid_t pid;

	f = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(f != MAP_FAILED, "shared page for a cross-process futex");
	*f = 0;
	pid = fork();
	if (pid == 0) {
		int i;

		for (i = 0; i < 5000; i++) {
			if (futex(f, FUTEX_WAKE, 1, 0, NULL, 0) == 1)
				_exit(0);
			usleep(1000);
		}
		_exit(1);
	}
	r = futex(f, FUTEX_WAIT, 0, (long)&ts, NULL, 0);
	CHECK(r == 0, "parent's WAIT is ended by the child's WAKE");
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "child's WAKE reported one waiter");
	munmap(f, 4096);
}

int main(void)
{
	test_basic();
	test_wake();
	test_requeue();
	test_wake_op();
	test_bitset();
	test_fork();
	return 0;
}
