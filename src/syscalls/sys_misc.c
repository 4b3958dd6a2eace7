/* SPDX-License-Identifier: MIT */
/* uname, host and domain names, sysinfo, getrandom, personality. */
#include <string.h>
#include "abi/errno.h"
#include "host/host.h"
#include "kernel/task.h"
#include "lib/kstd.h"
#include "mm/uaccess.h"
#include "syscalls/syscalls.h"

/* uname(2). */
long sys_uname(struct task *t, const struct syscall_args *a)
{
	struct linux_utsname u;

	memset(&u, 0, sizeof(u));
	strcpy(u.sysname, "Linux");
	memcpy(u.nodename, uts_hostname, sizeof(u.nodename));
	strcpy(u.release, UKERN_RELEASE);
	strcpy(u.version, UKERN_VERSION_STR);
	strcpy(u.machine, "x86_64");
	memcpy(u.domainname, uts_domainname, sizeof(u.domainname));
	return copy_to_user(t->mm, a->a[0], &u, sizeof(u));
}

static long set_name(struct task *t, char *dst, uaddr_t uname, uint64_t len)
{
	char buf[65];

	if (!cred_is_root(&t->tg->cred))
		return -EPERM;
	if (len > 64)
		return -EINVAL;
	if (copy_from_user(t->mm, buf, uname, len))
		return -EFAULT;
	buf[len] = 0;
	memcpy(dst, buf, len + 1);
	return 0;
}

/* sethostname(2). */
long sys_sethostname(struct task *t, const struct syscall_args *a)
{
	return set_name(t, uts_hostname, a->a[0], a->a[1]);
}

/* setdomainname(2). */
long sys_setdomainname(struct task *t, const struct syscall_args *a)
{
	return set_name(t, uts_domainname, a->a[0], a->a[1]);
}

/* sysinfo(2). */
long sys_sysinfo(struct task *t, const struct syscall_args *a)
{
	struct linux_sysinfo si;
	uint64_t total = 0, avail = 0;
	double la[3] = { 0, 0, 0 };
	int i;

	memset(&si, 0, sizeof(si));
	host_meminfo(&total, &avail);
	host_loadavg(la);
	si.uptime = clock_boot_ns() / 1000000000;
	for (i = 0; i < 3; i++)
		si.loads[i] = (uint64_t)(la[i] * 65536.0);
	si.totalram = total;
	si.freeram = avail;
	si.procs = (uint16_t)nr_running_processes();
	si.mem_unit = 1;
	return copy_to_user(t->mm, a->a[0], &si, sizeof(si));
}

/* getrandom(2). */
long sys_getrandom(struct task *t, const struct syscall_args *a)
{
	size_t n = MIN(a->a[1], (uint64_t)33554431);
	unsigned flags = (unsigned)a->a[2];
	char *buf;
	long r;

	if (flags & ~(unsigned)(LINUX_GRND_NONBLOCK | LINUX_GRND_RANDOM | LINUX_GRND_INSECURE))
		return -EINVAL;
	if ((flags & LINUX_GRND_INSECURE) && (flags & LINUX_GRND_RANDOM))
		return -EINVAL;
	if (!n)
		return 0;
	n = MIN(n, (size_t)(1 << 20));
	buf = kmalloc(n);
	r = host_getrandom(buf, n);
	if (r == 0)
		r = copy_to_user(t->mm, a->a[0], buf, n) ? -EFAULT : (long)n;
	kfree(buf);
	return r;
}
