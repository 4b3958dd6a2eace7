/* tags: proc */
/* SPDX-License-Identifier: MIT */
/*
 * System-wide /proc files: meminfo, cpuinfo, uptime, loadavg, mounts, stat,
 * version, filesystems and /proc/sys/kernel entries parse and agree with uname
 * and sysinfo. Prints nothing machine-specific.
 */
#include <ctype.h>
#include <fcntl.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include "check.h"

static char buf[1 << 20];

static ssize_t slurp(const char *path)
{
	ssize_t n, total = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while ((size_t)total < sizeof(buf) - 1 &&
	       (n = read(fd, buf + total, sizeof(buf) - 1 - total)) > 0)
		total += n;
	close(fd);
	buf[total] = 0;
	return total;
}

/* Finds a line starting with prefix; returns the text after the prefix. */
static const char *line_with(const char *prefix)
{
	size_t l = strlen(prefix);
	const char *p = buf;

	while (p && *p) {
		if (strncmp(p, prefix, l) == 0)
			return p + l;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

static int count_lines_with(const char *prefix)
{
	size_t l = strlen(prefix);
	const char *p = buf;
	int n = 0;

	while (p && *p) {
		if (strncmp(p, prefix, l) == 0)
			n++;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return n;
}

/* Reads a one-line file and strips the newline. */
static int one_line(const char *path)
{
	ssize_t n = slurp(path);

	if (n <= 0 || buf[n - 1] != '\n')
		return 0;
	buf[n - 1] = 0;
	return strchr(buf, '\n') == NULL;
}

int main(void)
{
	struct utsname u;
	struct sysinfo si;
	const char *v;
	double up, idle, l1, l5, l15;
	unsigned long long kb;
	int run, tot, last, ok;
	char *p;

	CHECK(uname(&u) == 0 && sysinfo(&si) == 0, "uname and sysinfo");

	CHECK(slurp("/proc/meminfo") > 0, "read /proc/meminfo");
	v = line_with("MemTotal:");
	CHECK(v && sscanf(v, "%llu kB", &kb) == 1 && kb > 0, "MemTotal: is a positive kB count");
	CHECK(v && kb * 1024 == (unsigned long long)si.totalram * si.mem_unit,
	      "MemTotal agrees with sysinfo totalram");
	CHECK(line_with("MemFree:") != NULL, "MemFree: present");
	CHECK(line_with("MemAvailable:") != NULL, "MemAvailable: present");
	CHECK(line_with("SwapTotal:") != NULL, "SwapTotal: present");

	CHECK(slurp("/proc/cpuinfo") > 0, "read /proc/cpuinfo");
	CHECK(count_lines_with("processor") >= 1, "cpuinfo has a processor line");
	CHECK(line_with("processor\t: 0") != NULL, "first processor is 0");

	CHECK(slurp("/proc/uptime") > 0, "read /proc/uptime");
	CHECK(sscanf(buf, "%lf %lf", &up, &idle) == 2 && up >= 0 && idle >= 0,
	      "/proc/uptime is two non-negative numbers");
	CHECK(up >= (double)si.uptime - 2 && up <= (double)si.uptime + 2, "uptime agrees with sysinfo");

	CHECK(slurp("/proc/loadavg") > 0, "read /proc/loadavg");
	CHECK(sscanf(buf, "%lf %lf %lf %d/%d %d", &l1, &l5, &l15, &run, &tot, &last) == 6,
	      "/proc/loadavg parses as 3 loads, running/total and last pid");
	CHECK(l1 >= 0 && l5 >= 0 && l15 >= 0 && run >= 1 && tot >= run && last >= 0,
	      "loadavg values are sane");

	CHECK(slurp("/proc/mounts") > 0, "read /proc/mounts");
	ok = 0;
	for (p = strtok(buf, "\n"); p; p = strtok(NULL, "\n")) {
		int fields = 0, i;
		char *q;

		for (q = p; *q; q++)
			if (*q != ' ' && (q == p || q[-1] == ' '))
				fields++;
		if (fields != 6 || !isdigit((unsigned char)q[-1])) {
			ok = -1;
			break;
		}
		q = strchr(p, ' ');
		for (i = 1; q[i] && q[i] != ' '; i++)
			;
		if (i == 2 && q[1] == '/' && ok == 0)
			ok = 1;
	}
	CHECK(ok == 1, "/proc/mounts has six fields per line and a line for /");
	CHECK(slurp("/proc/self/mounts") > 0 && strstr(buf, " / ") != NULL,
	      "/proc/self/mounts also has /");

	CHECK(slurp("/proc/stat") > 0, "read /proc/stat");
	CHECK(strncmp(buf, "cpu ", 4) == 0, "/proc/stat starts with the \"cpu \" line");
	CHECK(line_with("cpu0 ") != NULL, "/proc/stat has cpu0");
	CHECK(line_with("btime ") != NULL && line_with("processes ") != NULL,
	      "/proc/stat has btime and processes");

	CHECK(slurp("/proc/version") > 0 && strncmp(buf, "Linux version ", 14) == 0,
	      "/proc/version starts with \"Linux version\"");
	CHECK(strncmp(buf + 14, u.release, strlen(u.release)) == 0,
	      "/proc/version names the uname release");

	CHECK(slurp("/proc/filesystems") > 0, "read /proc/filesystems");
	CHECK(strstr(buf, "\tproc\n") != NULL, "/proc/filesystems lists proc");
	ok = 1;
	for (p = buf; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!(strncmp(p, "nodev\t", 6) == 0 || *p == '\t'))
			ok = 0;
	CHECK(ok, "each filesystems line is \"nodev\\t\" or \"\\t\" and a name");

	CHECK(one_line("/proc/sys/kernel/hostname") && strcmp(buf, u.nodename) == 0,
	      "/proc/sys/kernel/hostname is the uname nodename");
	CHECK(one_line("/proc/sys/kernel/osrelease") && strcmp(buf, u.release) == 0,
	      "/proc/sys/kernel/osrelease is the uname release");
	CHECK(one_line("/proc/sys/kernel/ostype") && strcmp(buf, u.sysname) == 0,
	      "/proc/sys/kernel/ostype is the uname sysname");
	CHECK(one_line("/proc/sys/kernel/pid_max") && isdigit((unsigned char)buf[0]) &&
		      strtol(buf, &p, 10) > 0 && *p == 0,
	      "/proc/sys/kernel/pid_max is a positive number");
	CHECK_ERR(open("/proc/sys/kernel/no-such-entry", O_RDONLY), ENOENT,
		  "missing sysctl is ENOENT");
	CHECK_ERR(open("/proc/no-such-entry", O_RDONLY), ENOENT, "missing /proc entry is ENOENT");
	return 0;
}
