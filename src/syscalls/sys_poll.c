/* SPDX-License-Identifier: MIT */
/* poll, ppoll, select, pselect6 and the epoll calls. */
#include <string.h>
#include "abi/errno.h"
#include "fs/vfs/vfs.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/kstd.h"
#include "mm/uaccess.h"
#include "syscalls/syscalls.h"

/* A timeout in ms (poll, epoll_wait) → host deadline; -1 none, 0 poll once. */
static int64_t ms_deadline(int ms)
{
	return ms < 0 ? -1 : ms == 0 ? 0 : clock_host_now() + (int64_t)ms * 1000000;
}

/* A relative timeout in a timespec → host deadline; -1 none, 0 for a zero timeout (poll once). */
static long ts_deadline(struct task *t, uaddr_t uts, int64_t *deadline)
{
	struct linux_timespec ts;

	*deadline = -1;
	if (!uts)
		return 0;
	if (copy_from_user(t->mm, &ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
		return -EINVAL;
	*deadline = ts.tv_sec == 0 && ts.tv_nsec == 0 ? 0 : add_sat(clock_host_now(), ns_sat(ts.tv_sec, ts.tv_nsec));
	return 0;
}

static long do_poll(struct task *t, uaddr_t ufds, unsigned n, int64_t deadline)
{
	struct linux_pollfd *fds;
	long r;

	if (n > task_nofile_limit(t))
		return -EINVAL;
	fds = kmalloc(sizeof(*fds) * (n ? n : 1));
	if (copy_from_user(t->mm, fds, ufds, sizeof(*fds) * n)) {
		kfree(fds);
		return -EFAULT;
	}
	for (;;) {
		struct poll_table pt;
		unsigned i;
		int ready = 0;

		poll_table_init(&pt, t);
		for (i = 0; i < n; i++) {
			struct file *f;
			unsigned m;

			fds[i].revents = 0;
			if (fds[i].fd < 0)
				continue;
			f = fd_get(t, fds[i].fd);
			if (!f) {
				fds[i].revents = LINUX_POLLNVAL;
				ready++;
				continue;
			}
			m = vfs_poll(f, ready ? NULL : &pt);
			file_put(f);
			m &= (unsigned)(uint16_t)fds[i].events | LINUX_POLLERR | LINUX_POLLHUP | LINUX_POLLNVAL;
			fds[i].revents = (int16_t)m;
			if (m)
				ready++;
		}
		if (ready || deadline == 0) {
			poll_table_free(&pt);
			r = ready;
			break;
		}
		r = task_sleep(t, deadline, pt.host, pt.nhost, true);
		poll_table_free(&pt);
		if (r == -ETIMEDOUT) {
			r = 0;
			break;
		}
		if (r == -EINTR) {
			r = -ERESTARTNOHAND;
			break;
		}
	}
	if (r >= 0 && copy_to_user(t->mm, ufds, fds, sizeof(*fds) * n))
		r = -EFAULT;
	kfree(fds);
	return r;
}

/* poll(2). */
long sys_poll(struct task *t, const struct syscall_args *a)
{
	return do_poll(t, a->a[0], (unsigned)a->a[1], ms_deadline(ARG_INT(2)));
}

/* Installs a temporary signal mask (ppoll, pselect6, epoll_pwait); restored on return. */
static long set_temp_mask(struct task *t, uaddr_t umask, size_t size)
{
	linux_sigset_t m;

	if (!umask)
		return 0;
	if (size != sizeof(m))
		return -EINVAL;
	if (copy_from_user(t->mm, &m, umask, sizeof(m)))
		return -EFAULT;
	t->saved_mask = t->blocked;
	t->restore_mask = true;
	t->blocked = m & ~SIG_UNBLOCKABLE;
	return 0;
}

static long end_temp_mask(struct task *t, long r)
{
	/* With a signal to deliver, the mask is restored after the handler runs (signal_deliver). */
	if (t->restore_mask && r != -EINTR && r != -ERESTARTNOHAND) {
		t->blocked = t->saved_mask;
		t->restore_mask = false;
	}
	return r;
}

/* ppoll(2). */
long sys_ppoll(struct task *t, const struct syscall_args *a)
{
	int64_t deadline;
	long r = ts_deadline(t, a->a[2], &deadline);

	if (r < 0)
		return r;
	r = set_temp_mask(t, a->a[3], a->a[4]);
	if (r < 0)
		return r;
	r = do_poll(t, a->a[0], (unsigned)a->a[1], deadline);
	if (r == -ERESTARTNOHAND)
		r = -EINTR;
	return end_temp_mask(t, r);
}

static long do_select(struct task *t, int n, uaddr_t uin, uaddr_t uout, uaddr_t uex, int64_t deadline)
{
	uint64_t in[16] = { 0 }, out[16] = { 0 }, ex[16] = { 0 }, rin[16], rout[16], rex[16];
	size_t bytes;
	long r;

	if (n < 0)
		return -EINVAL;
	if (n > 1024)
		n = 1024;
	bytes = ((size_t)n + 63) / 64 * 8;
	if ((uin && copy_from_user(t->mm, in, uin, bytes)) || (uout && copy_from_user(t->mm, out, uout, bytes)) ||
	    (uex && copy_from_user(t->mm, ex, uex, bytes)))
		return -EFAULT;
	for (;;) {
		struct poll_table pt;
		int fd, ready = 0;

		memset(rin, 0, sizeof(rin));
		memset(rout, 0, sizeof(rout));
		memset(rex, 0, sizeof(rex));
		poll_table_init(&pt, t);
		for (fd = 0; fd < n; fd++) {
			uint64_t bit = 1ULL << (fd % 64);
			int w = fd / 64;
			struct file *f;
			unsigned m;

			if (!((in[w] | out[w] | ex[w]) & bit))
				continue;
			f = fd_get(t, fd);
			if (!f) {
				poll_table_free(&pt);
				return -EBADF;
			}
			m = vfs_poll(f, ready ? NULL : &pt);
			file_put(f);
			if ((in[w] & bit) && (m & (LINUX_POLLIN | LINUX_POLLHUP | LINUX_POLLERR))) {
				rin[w] |= bit;
				ready++;
			}
			if ((out[w] & bit) && (m & (LINUX_POLLOUT | LINUX_POLLERR))) {
				rout[w] |= bit;
				ready++;
			}
			if ((ex[w] & bit) && (m & LINUX_POLLPRI)) {
				rex[w] |= bit;
				ready++;
			}
		}
		if (ready || deadline == 0) {
			poll_table_free(&pt);
			r = ready;
			break;
		}
		r = task_sleep(t, deadline, pt.host, pt.nhost, true);
		poll_table_free(&pt);
		if (r == -ETIMEDOUT) {
			r = 0;
			break;
		}
		if (r == -EINTR)
			return -ERESTARTNOHAND;
	}
	if ((uin && copy_to_user(t->mm, uin, rin, bytes)) || (uout && copy_to_user(t->mm, uout, rout, bytes)) ||
	    (uex && copy_to_user(t->mm, uex, rex, bytes)))
		return -EFAULT;
	return r;
}

/* select(2). The timeout is updated with the time left, as Linux does. */
long sys_select(struct task *t, const struct syscall_args *a)
{
	int64_t deadline = -1;
	struct linux_timeval tv;
	long r;

	if (a->a[4]) {
		if (copy_from_user(t->mm, &tv, a->a[4], sizeof(tv)))
			return -EFAULT;
		if (tv.tv_sec < 0 || tv.tv_usec < 0)
			return -EINVAL;
		deadline = tv.tv_sec == 0 && tv.tv_usec == 0 ? 0 :
			add_sat(clock_host_now(), ns_sat(add_sat(tv.tv_sec, tv.tv_usec / 1000000), tv.tv_usec % 1000000 * 1000));
	}
	r = do_select(t, ARG_INT(0), a->a[1], a->a[2], a->a[3], deadline);
	if (a->a[4] && deadline > 0 && r != -EFAULT) {
		int64_t left = deadline - clock_host_now();

		if (left < 0)
			left = 0;
		tv.tv_sec = left / 1000000000;
		tv.tv_usec = left % 1000000000 / 1000;
		copy_to_user(t->mm, a->a[4], &tv, sizeof(tv));
	}
	return r;
}

/* pselect6(2). */
long sys_pselect6(struct task *t, const struct syscall_args *a)
{
	int64_t deadline;
	long r;
	struct {
		uint64_t set;
		uint64_t size;
	} sig = { 0, 0 };

	r = ts_deadline(t, a->a[4], &deadline);
	if (r < 0)
		return r;
	if (a->a[5] && copy_from_user(t->mm, &sig, a->a[5], sizeof(sig)))
		return -EFAULT;
	r = set_temp_mask(t, sig.set, sig.size);
	if (r < 0)
		return r;
	r = do_select(t, ARG_INT(0), a->a[1], a->a[2], a->a[3], deadline);
	if (r == -ERESTARTNOHAND)
		r = -EINTR;
	return end_temp_mask(t, r);
}

static long epoll_new(struct task *t, int flags)
{
	struct file *f;
	long r;

	if (flags & ~LINUX_O_CLOEXEC)
		return -EINVAL;
	f = epoll_create();
	r = fd_install(t, f, 0, flags & LINUX_O_CLOEXEC);
	if (r < 0)
		file_put(f);
	return r;
}

/* epoll_create(2). */
long sys_epoll_create(struct task *t, const struct syscall_args *a)
{
	if (ARG_INT(0) <= 0)
		return -EINVAL;
	return epoll_new(t, 0);
}

/* epoll_create1(2). */
long sys_epoll_create1(struct task *t, const struct syscall_args *a)
{
	return epoll_new(t, ARG_INT(0));
}

/* epoll_ctl(2). */
long sys_epoll_ctl(struct task *t, const struct syscall_args *a)
{
	struct file *ep = fd_get(t, ARG_INT(0)), *f = fd_get(t, ARG_INT(2));
	long r;

	if (!ep || !f)
		r = -EBADF;
	else if (!file_is_epoll(ep))
		r = -EINVAL;
	else
		r = epoll_ctl(t, ep, ARG_INT(1), ARG_INT(2), f, a->a[3]);
	if (ep)
		file_put(ep);
	if (f)
		file_put(f);
	return r;
}

static long do_epoll_wait(struct task *t, const struct syscall_args *a, int64_t deadline)
{
	struct file *ep = fd_get(t, ARG_INT(0));
	long r;

	if (!ep)
		return -EBADF;
	r = file_is_epoll(ep) ? epoll_wait(t, ep, a->a[1], ARG_INT(2), deadline) : -EINVAL;
	file_put(ep);
	return r;
}

/* epoll_wait(2). */
long sys_epoll_wait(struct task *t, const struct syscall_args *a)
{
	return do_epoll_wait(t, a, ms_deadline(ARG_INT(3)));
}

/* epoll_pwait(2). */
long sys_epoll_pwait(struct task *t, const struct syscall_args *a)
{
	long r = set_temp_mask(t, a->a[4], a->a[5]);

	if (r < 0)
		return r;
	return end_temp_mask(t, do_epoll_wait(t, a, ms_deadline(ARG_INT(3))));
}

/* epoll_pwait2(2): epoll_pwait with a timespec timeout (NULL: wait forever). */
long sys_epoll_pwait2(struct task *t, const struct syscall_args *a)
{
	int64_t deadline;
	long r = ts_deadline(t, a->a[3], &deadline);

	if (r < 0)
		return r;
	r = set_temp_mask(t, a->a[4], a->a[5]);
	if (r < 0)
		return r;
	return end_temp_mask(t, do_epoll_wait(t, a, deadline));
}
