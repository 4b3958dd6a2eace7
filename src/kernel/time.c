/* SPDX-License-Identifier: MIT */
/*
 * Guest clocks and kernel timers. MONOTONIC and BOOTTIME count from ukern's
 * start; REALTIME follows the host. Timers run on one timer thread that
 * takes kernel_lock to fire them.
 */
#include "abi/errno.h"
#include "host/host.h"
#include "kernel/kernel.h"
#include "kernel/task.h"
#include "lib/kstd.h"
#include "vdso/vdso.h"

static int64_t boot_host_mono;
static struct list_head timers = LIST_HEAD_INIT(timers);
static int timer_efd = -1;
char uts_hostname[65] = "ukern";
char kernel_guest_name[32];
char uts_domainname[65] = "(none)";

int64_t clock_host_now(void)
{
	return host_monotonic_ns();
}

/* The guest clocks from the host's, before the vDSO's TSC clock is calibrated (and without one). */
static int64_t host_based_mono(void)
{
	/* Start at one second so that no guest clock reads as zero. */
	return host_monotonic_ns() - boot_host_mono + 1000000000LL;
}

int64_t clock_monotonic_ns(void)
{
	int64_t mono, real;

	return vdso_clock(&mono, &real) ? mono : host_based_mono();
}

int64_t clock_boot_ns(void)
{
	return clock_monotonic_ns();
}

static int64_t realtime_offset;

int64_t clock_realtime_ns(void)
{
	int64_t mono, real;

	return vdso_clock(&mono, &real) ? real : host_realtime_ns() + realtime_offset;
}

void clock_set_realtime(int64_t ns)
{
	realtime_offset = ns - host_realtime_ns();
	vdso_set_realtime(ns);
}

/* Hands the clocks over to the vDSO's TSC function once it is calibrated, and keeps its rate measured. */
static void calibrate(struct ktimer *kt)
{
	vdso_calibrate(host_monotonic_ns(), host_based_mono(), host_realtime_ns() + realtime_offset);
	timer_arm(kt, host_monotonic_ns() + 1000000000LL);
}

int64_t clock_timer_now(int clock)
{
	return clock == LINUX_CLOCK_REALTIME || clock == LINUX_CLOCK_REALTIME_ALARM ? clock_realtime_ns()
										     : clock_monotonic_ns();
}

int64_t clock_mono_to_host(int64_t guest_mono_ns)
{
	return add_sat(guest_mono_ns, boot_host_mono - 1000000000LL);
}

void timer_arm(struct ktimer *kt, int64_t deadline)
{
	struct ktimer *it;

	if (kt->deadline)
		list_del(&kt->link);
	kt->deadline = deadline > 0 ? deadline : 1;
	list_for_each_entry(it, &timers, link) {
		if (it->deadline > kt->deadline) {
			list_add_tail(&kt->link, &it->link);
			goto kick;
		}
	}
	list_add_tail(&kt->link, &timers);
kick:
	if (timer_efd >= 0)
		host_eventfd_signal(timer_efd);
}

void timer_cancel(struct ktimer *kt)
{
	if (kt->deadline) {
		list_del(&kt->link);
		kt->deadline = 0;
	}
}

int64_t timer_left(const struct ktimer *kt)
{
	int64_t left;

	if (!kt->deadline)
		return 0;
	left = kt->deadline - host_monotonic_ns();
	return left > 0 ? left : 1;
}

static void timer_thread(void *arg)
{
	struct linux_pollfd pfd = { .fd = timer_efd, .events = LINUX_POLLIN };

	kernel_lock();
	for (;;) {
		int64_t now = host_monotonic_ns(), timeout = -1;

		while (!list_empty(&timers)) {
			struct ktimer *kt = list_first_entry(&timers, struct ktimer, link);

			if (kt->deadline > now) {
				timeout = kt->deadline - now;
				break;
			}
			list_del(&kt->link);
			kt->deadline = 0;
			kt->fn(kt);
		}
		kernel_unlock();
		host_poll(&pfd, 1, timeout);
		host_eventfd_drain(timer_efd);
		kernel_lock();
	}
}

void timer_start_thread(void)
{
	static struct ktimer calib = { .fn = calibrate };

	boot_host_mono = host_monotonic_ns();
	timer_efd = host_eventfd();
	host_thread_start(timer_thread, NULL);
	timer_arm(&calib, boot_host_mono + 60000000LL);
}
