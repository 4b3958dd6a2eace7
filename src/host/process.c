/* SPDX-License-Identifier: MIT */
/* Host process facts: pids, signals to stubs, accounting, host resources. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <unistd.h>
#include "host/host.h"

const char *host_strerror(int e)
{
	return strerror(e);
}

int host_getpid(void)
{
	return getpid();
}

int host_tgkill(int tgid, int tid, int sig)
{
	return syscall(SYS_tgkill, tgid, tid, sig) < 0 ? -errno : 0;
}

int host_kill(int pid, int sig)
{
	return kill(pid, sig) < 0 ? -errno : 0;
}

void host_exit(int status)
{
	fflush(stdout);
	fflush(stderr);
	_exit(status);
}

/* Reads a small host /proc file (its path built here) into buf; returns 0 or -errno. */
static int read_small(const char *path, char *buf, size_t n)
{
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	r = read(fd, buf, n - 1);
	close(fd);
	if (r <= 0)
		return -EIO;
	buf[r] = 0;
	return 0;
}

/* Field k (0: time on a CPU, 1: time waiting on a run queue) of a schedstat file's text. */
static long schedstat_field(const char *buf, int k)
{
	long long ns[2] = { 0, 0 };

	if (sscanf(buf, "%lld %lld", &ns[0], &ns[1]) != 2)
		return -EIO;
	return (long)ns[k];
}

/* Field k of /proc/PID/task/TID/schedstat. */
static long schedstat(int pid, int tid, int k)
{
	char p[80], buf[128];
	int r;

	snprintf(p, sizeof(p), "/proc/%d/task/%d/schedstat", pid, tid);
	r = read_small(p, buf, sizeof(buf));
	return r < 0 ? r : schedstat_field(buf, k);
}

long host_task_runtime_ns(int pid, int tid)
{
	return schedstat(pid, tid, 0);
}

int host_task_schedstat_open(int pid, int tid)
{
	char p[80];
	int fd;

	snprintf(p, sizeof(p), "/proc/%d/task/%d/schedstat", pid, tid);
	fd = open(p, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

long host_task_schedstat_runtime(int fd)
{
	char buf[128];
	ssize_t r = pread(fd, buf, sizeof(buf) - 1, 0);

	if (r <= 0)
		return r < 0 ? -errno : -ESRCH;
	buf[r] = 0;
	return schedstat_field(buf, 0);
}

long host_task_run_delay_ns(int pid, int tid)
{
	return schedstat(pid, tid, 1);
}

long host_peak_rss_kb(int pid)
{
	char p[64], buf[4096], *s;
	long kb = 0;
	int r;

	snprintf(p, sizeof(p), "/proc/%d/status", pid);
	r = read_small(p, buf, sizeof(buf));
	if (r < 0)
		return r;
	s = strstr(buf, "VmHWM:");
	if (!s || sscanf(s + 6, "%ld", &kb) != 1)
		return -EIO;
	return kb;
}

int host_raise_nofile_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return -errno;
	rl.rlim_cur = rl.rlim_max;
	return setrlimit(RLIMIT_NOFILE, &rl) < 0 ? -errno : (int)rl.rlim_cur;
}

int host_ncpus(void)
{
	/* Asked once: glibc reads /sys/devices/system/cpu/online at every sysconf() call. */
	static int cached;

	if (!cached) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		cached = n > 0 ? (int)n : 1;
	}
	return cached;
}

int host_meminfo(uint64_t *total, uint64_t *avail)
{
	struct sysinfo si;

	if (sysinfo(&si) < 0)
		return -errno;
	*total = (uint64_t)si.totalram * si.mem_unit;
	*avail = (uint64_t)(si.freeram + si.bufferram) * si.mem_unit;
	return 0;
}

int host_loadavg(double avg[3])
{
	return getloadavg(avg, 3) == 3 ? 0 : -EIO;
}

char *host_read_proc(const char *name)
{
	char p[64], *buf;
	size_t len = 0, cap = 65536;
	ssize_t n;
	int fd;

	snprintf(p, sizeof(p), "/proc/%s", name);
	fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	buf = malloc(cap + 1);
	while (buf && (n = read(fd, buf + len, cap - len)) > 0) {
		len += (size_t)n;
		if (len == cap) {
			char *nb = realloc(buf, cap * 2 + 1);

			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	close(fd);
	if (buf)
		buf[len] = 0;
	return buf;
}
