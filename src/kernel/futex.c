/* SPDX-License-Identifier: MIT */
/*
 * futex(2). Waiters are kept in one list keyed by (mm, address) for private
 * futexes and by address for shared ones (a shared mapping inherited across
 * fork has the same address in both processes). FUTEX_WAKE_OP's
 * read-modify-write is done under kernel_lock, not atomically against guest
 * threads running at that moment (documented in the table).
 */
#include <string.h>
#include "abi/errno.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/kstd.h"
#include "mm/mm.h"
#include "mm/uaccess.h"

struct futex_waiter {
	struct list_head link;
	struct mm *mm; /* NULL for shared futexes */
	uaddr_t addr;
	uint32_t bitset;
	struct task *task;
	bool woken;
};

static struct list_head futex_queue = LIST_HEAD_INIT(futex_queue);

/*
 * Linux keys a futex in private memory by (mm, address) even without
 * FUTEX_PRIVATE_FLAG; only words in shared mappings are keyed globally.
 */
static struct mm *futex_key(struct task *t, uaddr_t uaddr, bool private)
{
	struct vma *v;

	if (private)
		return t->mm;
	v = mm_find(t->mm, uaddr);
	return v && (v->flags & VMA_SHARED) ? NULL : t->mm;
}

static bool key_eq(struct futex_waiter *w, struct mm *mm, uaddr_t addr)
{
	return w->addr == addr && w->mm == mm;
}

static long futex_wait(struct task *t, struct mm *key, uaddr_t uaddr, uint32_t val, int64_t deadline,
		       uint32_t bitset)
{
	struct futex_waiter w;
	uint32_t cur;
	long r = 0;

	if (!bitset)
		return -EINVAL;
	if (copy_from_user(t->mm, &cur, uaddr, 4))
		return -EFAULT;
	if (cur != val)
		return -EAGAIN;
	memset(&w, 0, sizeof(w));
	w.mm = key;
	w.addr = uaddr;
	w.bitset = bitset;
	w.task = t;
	list_add_tail(&w.link, &futex_queue);
	while (!w.woken) {
		r = task_sleep(t, deadline, NULL, 0, true);
		if (w.woken)
			break;
		if (r == -ETIMEDOUT || r == -EINTR)
			break;
		r = 0;
	}
	if (w.woken)
		return 0;
	list_del(&w.link);
	if (r == -EINTR)
		return deadline >= 0 ? -EINTR : -ERESTARTSYS;
	return r;
}

static int futex_wake(struct mm *key, uaddr_t uaddr, int n, uint32_t bitset)
{
	struct futex_waiter *w, *tmp;
	int done = 0;

	if (!bitset)
		return -EINVAL;
	list_for_each_entry_safe(w, tmp, &futex_queue, link) {
		if (done >= n)
			break;
		if (!key_eq(w, key, uaddr) || !(w->bitset & bitset))
			continue;
		list_del(&w->link);
		w->woken = true;
		task_wake(w->task);
		done++;
	}
	return done;
}

static long futex_requeue(struct task *t, struct mm *key, uaddr_t uaddr, int nwake, int nreq, uaddr_t uaddr2,
			  bool cmp, uint32_t val3)
{
	struct futex_waiter *w, *tmp;
	int woken = 0, moved = 0;

	if (nwake < 0 || nreq < 0)
		return -EINVAL;
	if (cmp) {
		uint32_t cur;

		if (copy_from_user(t->mm, &cur, uaddr, 4))
			return -EFAULT;
		if (cur != val3)
			return -EAGAIN;
	}
	list_for_each_entry_safe(w, tmp, &futex_queue, link) {
		if (!key_eq(w, key, uaddr))
			continue;
		if (woken < nwake) {
			list_del(&w->link);
			w->woken = true;
			task_wake(w->task);
			woken++;
		} else if (moved < nreq) {
			w->addr = uaddr2;
			moved++;
		} else {
			break;
		}
	}
	return woken + moved;
}

static long futex_wake_op(struct task *t, struct mm *key, uaddr_t uaddr1, int n1, uaddr_t uaddr2, int n2,
			  uint32_t op)
{
	uint32_t oldval, newval;
	int cmd = (op >> 28) & 7, cmp = (op >> 24) & 15;
	uint32_t oparg = (op >> 12) & 0xfff, cmparg = op & 0xfff;
	bool ok;
	int r;

	if ((op >> 31) & 1) { /* FUTEX_OP_OPARG_SHIFT */
		if (oparg > 31)
			return -EINVAL;
		oparg = 1U << oparg;
	}
	if (copy_from_user(t->mm, &oldval, uaddr2, 4))
		return -EFAULT;
	switch (cmd) {
	case 0: newval = oparg; break;
	case 1: newval = oldval + oparg; break;
	case 2: newval = oldval | oparg; break;
	case 3: newval = oldval & ~oparg; break;
	case 4: newval = oldval ^ oparg; break;
	default: return -ENOSYS;
	}
	if (copy_to_user(t->mm, uaddr2, &newval, 4))
		return -EFAULT;
	switch (cmp) {
	case 0: ok = oldval == cmparg; break;
	case 1: ok = oldval != cmparg; break;
	case 2: ok = (int32_t)oldval < (int32_t)cmparg; break;
	case 3: ok = (int32_t)oldval <= (int32_t)cmparg; break;
	case 4: ok = (int32_t)oldval > (int32_t)cmparg; break;
	case 5: ok = (int32_t)oldval >= (int32_t)cmparg; break;
	default: return -ENOSYS;
	}
	r = futex_wake(key, uaddr1, n1, LINUX_FUTEX_BITSET_MATCH_ANY);
	if (ok)
		r += futex_wake(key, uaddr2, n2, LINUX_FUTEX_BITSET_MATCH_ANY);
	return r;
}

long futex_op(struct task *t, uaddr_t uaddr, int op, uint32_t val, uaddr_t utime, uaddr_t uaddr2, uint32_t val3)
{
	int cmd = op & ~(LINUX_FUTEX_PRIVATE_FLAG | LINUX_FUTEX_CLOCK_REALTIME);
	struct mm *key = futex_key(t, uaddr, op & LINUX_FUTEX_PRIVATE_FLAG);
	int64_t deadline = -1;

	if (uaddr & 3)
		return -EINVAL;
	if ((op & LINUX_FUTEX_CLOCK_REALTIME) && cmd != LINUX_FUTEX_WAIT_BITSET && cmd != LINUX_FUTEX_WAIT)
		return -ENOSYS;
	if ((cmd == LINUX_FUTEX_WAIT || cmd == LINUX_FUTEX_WAIT_BITSET) && utime) {
		struct linux_timespec ts;
		int64_t ns;

		if (copy_from_user(t->mm, &ts, utime, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
			return -EINVAL;
		ns = ns_sat(ts.tv_sec, ts.tv_nsec);
		if (cmd == LINUX_FUTEX_WAIT) {
			deadline = add_sat(clock_host_now(), ns); /* relative */
		} else if (op & LINUX_FUTEX_CLOCK_REALTIME) {
			deadline = add_sat(clock_host_now(), ns - clock_realtime_ns());
		} else {
			deadline = clock_mono_to_host(ns);
		}
	}
	switch (cmd) {
	case LINUX_FUTEX_WAIT:
		return futex_wait(t, key, uaddr, val, deadline, LINUX_FUTEX_BITSET_MATCH_ANY);
	case LINUX_FUTEX_WAIT_BITSET:
		return futex_wait(t, key, uaddr, val, deadline, val3);
	case LINUX_FUTEX_WAKE:
		return futex_wake(key, uaddr, (int)val, LINUX_FUTEX_BITSET_MATCH_ANY);
	case LINUX_FUTEX_WAKE_BITSET:
		return futex_wake(key, uaddr, (int)val, val3);
	case LINUX_FUTEX_REQUEUE:
		return futex_requeue(t, key, uaddr, (int)val, (int)utime, uaddr2, false, 0);
	case LINUX_FUTEX_CMP_REQUEUE:
		return futex_requeue(t, key, uaddr, (int)val, (int)utime, uaddr2, true, val3);
	case LINUX_FUTEX_WAKE_OP:
		return futex_wake_op(t, key, uaddr, (int)val, uaddr2, (int)utime, val3);
	}
	return -ENOSYS;
}

/* Marks one robust futex as owner-died and wakes a waiter (kernel/futex/core.c handle_futex_death). */
static void futex_death(struct task *t, uaddr_t uaddr)
{
	uint32_t v, nv;

	if (uaddr & 3 || copy_from_user(t->mm, &v, uaddr, 4))
		return;
	if ((v & LINUX_FUTEX_TID_MASK) != (uint32_t)t->tid)
		return;
	nv = (v & LINUX_FUTEX_WAITERS) | LINUX_FUTEX_OWNER_DIED;
	if (copy_to_user(t->mm, uaddr, &nv, 4))
		return;
	if (v & LINUX_FUTEX_WAITERS)
		futex_wake(futex_key(t, uaddr, false), uaddr, 1, LINUX_FUTEX_BITSET_MATCH_ANY);
}

void futex_exit(struct task *t)
{
	if (t->robust_list && t->robust_len == 24) {
		struct {
			uint64_t next;
			int64_t offset;
			uint64_t pending;
		} head;
		uint64_t e;
		int limit = 2048;

		if (!copy_from_user(t->mm, &head, t->robust_list, sizeof(head))) {
			for (e = head.next; e && e != t->robust_list && limit--;) {
				uint64_t next;

				if (copy_from_user(t->mm, &next, e, 8))
					break;
				if (e != head.pending)
					futex_death(t, e + (uint64_t)head.offset);
				e = next;
			}
			if (head.pending)
				futex_death(t, head.pending + (uint64_t)head.offset);
		}
	}
	if (t->clear_child_tid) {
		uint32_t zero = 0;

		if (!copy_to_user(t->mm, t->clear_child_tid, &zero, 4))
			futex_wake(futex_key(t, t->clear_child_tid, false), t->clear_child_tid, 1,
				   LINUX_FUTEX_BITSET_MATCH_ANY);
	}
}
