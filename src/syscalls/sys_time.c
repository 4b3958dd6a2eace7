/* SPDX-License-Identifier: MIT */
/* Clocks, sleeps and interval timers over ukern's guest clocks (kernel/time.c). */
#include <string.h>
#include "abi/errno.h"
#include "fs/vfs/vfs.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "mm/uaccess.h"
#include "syscalls/syscalls.h"

static int64_t clock_now(struct task *t, int clk, long *err)
{
	*err = 0;
	if (clk < 0) {
		/* CPU-time clocks: pid in ~(clk >> 3), bit 2 per-thread, bits 0-1 which (Linux posix-cpu-timers). */
		int pid = ~(clk >> 3), which = clk & 3;
		struct task *o;

		if (which == 3) {
			*err = -EINVAL;
			return 0;
		}
		if (clk & 4) {
			o = pid ? task_by_tid(pid) : t;
			if (!o || o->tg != t->tg) {
				*err = -EINVAL;
				return 0;
			}
			return task_cpu_ns(o);
		}
		if (!pid)
			return tg_cpu_ns(t->tg);
		if (!tg_by_tgid(pid)) {
			*err = -EINVAL;
			return 0;
		}
		return tg_cpu_ns(tg_by_tgid(pid));
	}
	switch (clk) {
	case LINUX_CLOCK_REALTIME: case LINUX_CLOCK_REALTIME_COARSE: case LINUX_CLOCK_TAI:
	case LINUX_CLOCK_REALTIME_ALARM:
		return clock_realtime_ns();
	case LINUX_CLOCK_MONOTONIC: case LINUX_CLOCK_MONOTONIC_RAW: case LINUX_CLOCK_MONOTONIC_COARSE:
		return clock_monotonic_ns();
	case LINUX_CLOCK_BOOTTIME: case LINUX_CLOCK_BOOTTIME_ALARM:
		return clock_boot_ns();
	case LINUX_CLOCK_PROCESS_CPUTIME_ID:
		return tg_cpu_ns(t->tg);
	case LINUX_CLOCK_THREAD_CPUTIME_ID:
		return task_cpu_ns(t);
	}
	*err = -EINVAL;
	return 0;
}

static struct linux_timespec ts_of(int64_t ns)
{
	struct linux_timespec ts = { ns / 1000000000, ns % 1000000000 };

	return ts;
}

/* clock_gettime(2). */
long sys_clock_gettime(struct task *t, const struct syscall_args *a)
{
	long err;
	int64_t ns = clock_now(t, ARG_INT(0), &err);
	struct linux_timespec ts = ts_of(ns);

	if (err)
		return err;
	return copy_to_user(t->mm, a->a[1], &ts, sizeof(ts));
}

/* clock_settime(2). CLOCK_REALTIME moves the guest's clock only (an offset kept by ukern). */
long sys_clock_settime(struct task *t, const struct syscall_args *a)
{
	struct linux_timespec ts;

	if (copy_from_user(t->mm, &ts, a->a[1], sizeof(ts)))
		return -EFAULT;
	if (ARG_INT(0) != LINUX_CLOCK_REALTIME)
		return -EINVAL;
	/* Linux keeps 30 years of headroom below the largest time (TIME_SETTOD_SEC_MAX). */
	if (ts.tv_sec < 0 || ts.tv_sec >= INT64_MAX / 1000000000 - 30LL * 365 * 86400 || ts.tv_nsec < 0 ||
	    ts.tv_nsec >= 1000000000)
		return -EINVAL;
	if (!cred_is_root(&t->tg->cred))
		return -EPERM;
	clock_set_realtime(ts.tv_sec * 1000000000 + ts.tv_nsec);
	return 0;
}

/* clock_getres(2). */
long sys_clock_getres(struct task *t, const struct syscall_args *a)
{
	long err;
	int clk = ARG_INT(0);
	struct linux_timespec ts = { 0, clk == LINUX_CLOCK_REALTIME_COARSE || clk == LINUX_CLOCK_MONOTONIC_COARSE ?
				       4000000 : 1 };

	clock_now(t, clk, &err);
	if (err)
		return err;
	if (a->a[1] && copy_to_user(t->mm, a->a[1], &ts, sizeof(ts)))
		return -EFAULT;
	return 0;
}

/* gettimeofday(2). */
long sys_gettimeofday(struct task *t, const struct syscall_args *a)
{
	int64_t ns = clock_realtime_ns();
	struct linux_timeval tv = { ns / 1000000000, ns % 1000000000 / 1000 };
	int32_t tz[2] = { 0, 0 };

	if (a->a[0] && copy_to_user(t->mm, a->a[0], &tv, sizeof(tv)))
		return -EFAULT;
	if (a->a[1] && copy_to_user(t->mm, a->a[1], tz, sizeof(tz)))
		return -EFAULT;
	return 0;
}

/* time(2). */
long sys_time(struct task *t, const struct syscall_args *a)
{
	int64_t s = clock_realtime_ns() / 1000000000;

	if (a->a[0] && copy_to_user(t->mm, a->a[0], &s, 8))
		return -EFAULT;
	return s;
}

/*
 * Sleeps until the absolute time abs_ns on clock clk. On a signal, writes the
 * time left to urem (relative sleeps) and asks for a restart.
 */
static long sleep_until(struct task *t, int clk, int64_t abs_ns, bool relative, uaddr_t urem)
{
	for (;;) {
		long err;
		int64_t now = clock_now(t, clk, &err), host_deadline;
		int r;

		if (now >= abs_ns)
			return 0;
		host_deadline = add_sat(clock_host_now(), abs_ns - now);
		r = task_sleep(t, host_deadline, NULL, 0, true);
		if (r == -EINTR) {
			now = clock_now(t, clk, &err);
			if (now >= abs_ns)
				return 0;
			if (relative && urem) {
				struct linux_timespec rem = ts_of(abs_ns - now);

				if (copy_to_user(t->mm, urem, &rem, sizeof(rem)))
					return -EFAULT;
			}
			t->restart_clock = clk;
			t->restart_flags = LINUX_TIMER_ABSTIME;
			t->restart_ts = ts_of(abs_ns);
			return relative ? -ERESTART_RESTARTBLOCK : -ERESTARTNOHAND;
		}
	}
}

static long nanosleep_(struct task *t, int clk, int flags, uaddr_t ureq, uaddr_t urem)
{
	struct linux_timespec ts;
	long err;
	int64_t now;

	if (copy_from_user(t->mm, &ts, ureq, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
		return -EINVAL;
	now = clock_now(t, clk, &err);
	if (err)
		return err;
	if (flags & LINUX_TIMER_ABSTIME)
		return sleep_until(t, clk, ns_sat(ts.tv_sec, ts.tv_nsec), false, 0);
	return sleep_until(t, clk, add_sat(now, ns_sat(ts.tv_sec, ts.tv_nsec)), true, urem);
}

/* nanosleep(2). */
long sys_nanosleep(struct task *t, const struct syscall_args *a)
{
	return nanosleep_(t, LINUX_CLOCK_MONOTONIC, 0, a->a[0], a->a[1]);
}

/* clock_nanosleep(2). */
long sys_clock_nanosleep(struct task *t, const struct syscall_args *a)
{
	int clk = ARG_INT(0);

	if (clk == LINUX_CLOCK_THREAD_CPUTIME_ID)
		return -EINVAL;
	if (clk != LINUX_CLOCK_REALTIME && clk != LINUX_CLOCK_MONOTONIC && clk != LINUX_CLOCK_BOOTTIME &&
	    clk != LINUX_CLOCK_TAI && clk != LINUX_CLOCK_PROCESS_CPUTIME_ID)
		return -EINVAL;
	return nanosleep_(t, clk, ARG_INT(1), a->a[2], a->a[3]);
}

long sys_clock_nanosleep_restart(struct task *t, const struct syscall_args *a)
{
	(void)a;
	return sleep_until(t, t->restart_clock,
			   ns_sat(t->restart_ts.tv_sec, t->restart_ts.tv_nsec), true, 0);
}

static void itimer_fire(struct ktimer *kt)
{
	struct thread_group *tg = kt->arg;
	struct linux_siginfo info;

	memset(&info, 0, sizeof(info));
	info.si_signo = LINUX_SIGALRM;
	info.si_code = LINUX_SI_KERNEL;
	if (tg->state != TG_ALIVE)
		return;
	signal_send_tg(tg, LINUX_SIGALRM, &info);
	if (tg->itimer_real_interval)
		timer_arm(kt, add_sat(clock_host_now(), tg->itimer_real_interval));
}

static void get_real(struct thread_group *tg, struct linux_itimerval *v)
{
	int64_t left = tg->itimer_real.deadline ? tg->itimer_real.deadline - clock_host_now() : 0;

	if (tg->itimer_real.deadline && left <= 0)
		left = 1000;
	v->it_value.tv_sec = left / 1000000000;
	v->it_value.tv_usec = left % 1000000000 / 1000;
	v->it_interval.tv_sec = tg->itimer_real_interval / 1000000000;
	v->it_interval.tv_usec = tg->itimer_real_interval % 1000000000 / 1000;
}

static void set_real(struct thread_group *tg, const struct linux_itimerval *v)
{
	int64_t val = ns_sat(v->it_value.tv_sec, v->it_value.tv_usec * 1000);

	tg->itimer_real.fn = itimer_fire;
	tg->itimer_real.arg = tg;
	tg->itimer_real_interval = ns_sat(v->it_interval.tv_sec, v->it_interval.tv_usec * 1000);
	if (val)
		timer_arm(&tg->itimer_real, add_sat(clock_host_now(), val));
	else
		timer_cancel(&tg->itimer_real);
}

/*
 * CPU-time timers: the process's CPU time is the stubs' host run time, so it
 * is sampled every CPU_POLL_NS while a timer is armed; expiry is late by at
 * most that much, as a tick-based kernel is late by up to a tick.
 */
#define CPU_POLL_NS 2000000
#define CPU_TICK_NS 4000000 /* Linux reports CPU timers rounded up to a tick */

static void itimer_cpu_poll(struct ktimer *kt)
{
	static const int sigs[2] = { LINUX_SIGVTALRM, LINUX_SIGPROF };
	struct thread_group *tg = kt->arg;
	int64_t now;
	bool armed = false;
	int i;

	if (tg->state != TG_ALIVE)
		return;
	now = tg_cpu_ns(tg);
	for (i = 0; i < 2; i++) {
		struct linux_siginfo info;

		if (!tg->itimer_cpu_deadline[i])
			continue;
		if (now >= tg->itimer_cpu_deadline[i]) {
			memset(&info, 0, sizeof(info));
			info.si_signo = sigs[i];
			info.si_code = LINUX_SI_KERNEL;
			signal_send_tg(tg, sigs[i], &info);
			tg->itimer_cpu_deadline[i] = tg->itimer_cpu_interval[i] ? add_sat(now, tg->itimer_cpu_interval[i]) : 0;
		}
		armed |= tg->itimer_cpu_deadline[i] != 0;
	}
	if (armed)
		timer_arm(kt, clock_host_now() + CPU_POLL_NS);
}

static void get_cpu(struct thread_group *tg, int which, struct linux_itimerval *v)
{
	int i = which == LINUX_ITIMER_VIRTUAL ? 0 : 1;
	int64_t left = 0, iv = tg->itimer_cpu_interval[i];

	if (tg->itimer_cpu_deadline[i]) {
		left = tg->itimer_cpu_deadline[i] - tg_cpu_ns(tg);
		if (left <= 0)
			left = 1000;
		left = add_sat(left, CPU_TICK_NS - 1) / CPU_TICK_NS * CPU_TICK_NS;
	}
	v->it_value.tv_sec = left / 1000000000;
	v->it_value.tv_usec = left % 1000000000 / 1000;
	v->it_interval.tv_sec = iv / 1000000000;
	v->it_interval.tv_usec = iv % 1000000000 / 1000;
}

static void set_cpu(struct thread_group *tg, int which, const struct linux_itimerval *v)
{
	int i = which == LINUX_ITIMER_VIRTUAL ? 0 : 1;
	int64_t val = ns_sat(v->it_value.tv_sec, v->it_value.tv_usec * 1000);

	tg->itimer_cpu_interval[i] = ns_sat(v->it_interval.tv_sec, v->it_interval.tv_usec * 1000);
	tg->itimer_cpu_deadline[i] = val ? add_sat(tg_cpu_ns(tg), val) : 0;
	tg->itimer_cpu_poll.fn = itimer_cpu_poll;
	tg->itimer_cpu_poll.arg = tg;
	if (val && !tg->itimer_cpu_poll.deadline)
		timer_arm(&tg->itimer_cpu_poll, clock_host_now() + CPU_POLL_NS);
}

static void get_any(struct thread_group *tg, int which, struct linux_itimerval *v)
{
	if (which == LINUX_ITIMER_REAL)
		get_real(tg, v);
	else
		get_cpu(tg, which, v);
}

/* getitimer(2). */
long sys_getitimer(struct task *t, const struct syscall_args *a)
{
	struct linux_itimerval v;
	int which = ARG_INT(0);

	if (which < LINUX_ITIMER_REAL || which > LINUX_ITIMER_PROF)
		return -EINVAL;
	get_any(t->tg, which, &v);
	return copy_to_user(t->mm, a->a[1], &v, sizeof(v));
}

/* setitimer(2). */
long sys_setitimer(struct task *t, const struct syscall_args *a)
{
	struct linux_itimerval nv, old;
	int which = ARG_INT(0);

	if (which < LINUX_ITIMER_REAL || which > LINUX_ITIMER_PROF)
		return -EINVAL;
	memset(&nv, 0, sizeof(nv));
	if (a->a[1] && copy_from_user(t->mm, &nv, a->a[1], sizeof(nv)))
		return -EFAULT;
	if (nv.it_value.tv_usec < 0 || nv.it_value.tv_usec >= 1000000 || nv.it_interval.tv_usec < 0 ||
	    nv.it_interval.tv_usec >= 1000000 || nv.it_value.tv_sec < 0 || nv.it_interval.tv_sec < 0)
		return -EINVAL;
	get_any(t->tg, which, &old);
	if (which == LINUX_ITIMER_REAL)
		set_real(t->tg, &nv);
	else
		set_cpu(t->tg, which, &nv);
	if (a->a[2] && copy_to_user(t->mm, a->a[2], &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* alarm(2). */
long sys_alarm(struct task *t, const struct syscall_args *a)
{
	struct linux_itimerval nv = { { 0, 0 }, { (int64_t)(uint32_t)a->a[0], 0 } }, old;
	long secs;

	get_real(t->tg, &old);
	set_real(t->tg, &nv);
	secs = (long)old.it_value.tv_sec + (old.it_value.tv_usec >= 500000);
	if (!secs && old.it_value.tv_usec)
		secs = 1;
	return secs;
}

static long get_tfd(struct task *t, int fd, struct file **out)
{
	struct file *f = fd_get(t, fd);

	if (!f)
		return -EBADF;
	if (!file_is_timerfd(f)) {
		file_put(f);
		return -EINVAL;
	}
	*out = f;
	return 0;
}

/* Reads a guest struct itimerspec {interval, value}: EFAULT, or EINVAL for a bad field. */
static long get_its(struct task *t, uaddr_t u, int64_t *value, int64_t *interval)
{
	struct linux_timespec its[2];

	if (copy_from_user(t->mm, its, u, sizeof(its)))
		return -EFAULT;
	if (its[0].tv_nsec < 0 || its[0].tv_nsec >= 1000000000 || its[1].tv_nsec < 0 ||
	    its[1].tv_nsec >= 1000000000 || its[0].tv_sec < 0 || its[1].tv_sec < 0)
		return -EINVAL;
	*interval = ns_sat(its[0].tv_sec, its[0].tv_nsec);
	*value = ns_sat(its[1].tv_sec, its[1].tv_nsec);
	return 0;
}

static long put_its(struct task *t, uaddr_t u, int64_t value, int64_t interval)
{
	struct linux_timespec its[2] = { ts_of(interval), ts_of(value) };

	return copy_to_user(t->mm, u, its, sizeof(its)) ? -EFAULT : 0;
}

/* timerfd_create(2). */
long sys_timerfd_create(struct task *t, const struct syscall_args *a)
{
	int clk = ARG_INT(0), flags = ARG_INT(1);
	struct file *f;
	long r;

	if (flags & ~(LINUX_O_CLOEXEC | LINUX_O_NONBLOCK))
		return -EINVAL;
	if (clk != LINUX_CLOCK_REALTIME && clk != LINUX_CLOCK_MONOTONIC && clk != LINUX_CLOCK_BOOTTIME &&
	    clk != LINUX_CLOCK_REALTIME_ALARM && clk != LINUX_CLOCK_BOOTTIME_ALARM)
		return -EINVAL;
	f = timerfd_create(clk, flags);
	r = fd_install(t, f, 0, flags & LINUX_O_CLOEXEC);
	if (r < 0)
		file_put(f);
	return r;
}

/* timerfd_settime(2). TFD_TIMER_CANCEL_ON_SET is accepted; clock changes never cancel. */
long sys_timerfd_settime(struct task *t, const struct syscall_args *a)
{
	int64_t value, interval, old_value, old_interval;
	struct file *f;
	long r;

	if (a->a[1] & ~(uint64_t)3)
		return -EINVAL;
	r = get_its(t, a->a[2], &value, &interval);
	if (r < 0)
		return r;
	r = get_tfd(t, ARG_INT(0), &f);
	if (r < 0)
		return r;
	timerfd_get(f, &old_value, &old_interval);
	timerfd_set(f, value, interval, a->a[1] & 1);
	file_put(f);
	return a->a[3] ? put_its(t, a->a[3], old_value, old_interval) : 0;
}

/* timerfd_gettime(2). */
long sys_timerfd_gettime(struct task *t, const struct syscall_args *a)
{
	int64_t value, interval;
	struct file *f;
	long r = get_tfd(t, ARG_INT(0), &f);

	if (r < 0)
		return r;
	timerfd_get(f, &value, &interval);
	file_put(f);
	return put_its(t, a->a[1], value, interval);
}

/* struct sigevent (x86-64): value, signo, notify, then the thread id for SIGEV_THREAD_ID. */
struct linux_sigevent {
	uint64_t value;
	int32_t signo;
	int32_t notify;
	int32_t tid;
	int32_t pad[11];
};

/* timer_create(2). */
long sys_timer_create(struct task *t, const struct syscall_args *a)
{
	struct linux_sigevent sev;
	struct ptimer_event ev;
	int32_t id;
	long r;

	if (a->a[1]) {
		if (copy_from_user(t->mm, &sev, a->a[1], sizeof(sev)))
			return -EFAULT;
		ev = (struct ptimer_event){ .notify = sev.notify, .signo = sev.signo, .tid = sev.tid, .value = sev.value };
	}
	r = ptimer_create(t, ARG_INT(0), a->a[1] ? &ev : NULL);
	if (r < 0)
		return r;
	id = (int32_t)r;
	if (copy_to_user(t->mm, a->a[2], &id, sizeof(id))) {
		ptimer_delete(t, id);
		return -EFAULT;
	}
	return 0;
}

/* timer_settime(2). */
long sys_timer_settime(struct task *t, const struct syscall_args *a)
{
	int64_t value, interval, old_value, old_interval;
	long r;

	if (!a->a[2])
		return -EINVAL;
	r = get_its(t, a->a[2], &value, &interval);
	if (r < 0)
		return r;
	r = ptimer_settime(t, ARG_INT(0), a->a[1] & 1, value, interval, &old_value, &old_interval);
	if (r < 0)
		return r;
	return a->a[3] ? put_its(t, a->a[3], old_value, old_interval) : 0;
}

/* timer_gettime(2). */
long sys_timer_gettime(struct task *t, const struct syscall_args *a)
{
	int64_t value, interval;
	long r = ptimer_gettime(t, ARG_INT(0), &value, &interval);

	if (r < 0)
		return r;
	return put_its(t, a->a[1], value, interval);
}

/* timer_getoverrun(2). */
long sys_timer_getoverrun(struct task *t, const struct syscall_args *a)
{
	return ptimer_getoverrun(t, ARG_INT(0));
}

/* timer_delete(2). */
long sys_timer_delete(struct task *t, const struct syscall_args *a)
{
	return ptimer_delete(t, ARG_INT(0));
}
