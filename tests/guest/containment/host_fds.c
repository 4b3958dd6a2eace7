/* tags: sandbox-only */
/* SPDX-License-Identifier: MIT */
/*
 * No host file descriptor leaks into the guest: at start only 0, 1 and 2
 * are open, /proc/self/fd lists nothing else, and new fds start at 3.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <fcntl.h>
#include <sys/resource.h>
#include "check.h"

/* first fd in [from, to) that is not EBADF, or -1 */
static int first_open(int from, int to)
{
	int fd;

	for (fd = from; fd < to; fd++)
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			return fd;
	return -1;
}

int main(void)
{
	int bad, fd, n, seen[3] = { 0 }, self_seen = 0, other = 0, dfd;
	struct rlimit rl;
	struct dirent *e;
	char desc[128];
	DIR *d;
	long limit;

	/* before anything else opens a file */
	bad = first_open(3, 1024);
	if (bad < 0)
		snprintf(desc, sizeof(desc), "fds 3..1023 are all EBADF");
	else
		snprintf(desc, sizeof(desc), "fds 3..1023 are all EBADF (fd %d is open)", bad);
	CHECK(bad == -1, desc);
	limit = 65536;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    (long)rl.rlim_cur < limit)
		limit = rl.rlim_cur;
	CHECK(first_open(1024, limit) == -1, "fds 1024..RLIMIT_NOFILE are all EBADF");
	CHECK(fcntl(0, F_GETFD) != -1 && fcntl(1, F_GETFD) != -1 && fcntl(2, F_GETFD) != -1,
	      "fds 0, 1 and 2 are open");

	d = opendir("/proc/self/fd");
	CHECK(d != NULL, "opendir /proc/self/fd");
	dfd = d ? dirfd(d) : -1;
	CHECK(dfd == 3, "the directory fd is 3");
	n = 0;
	while (d && (e = readdir(d))) {
		char *end;
		long v;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		n++;
		v = strtol(e->d_name, &end, 10);
		if (*end || end == e->d_name)
			other++;
		else if (v >= 0 && v <= 2)
			seen[v]++;
		else if (v == dfd)
			self_seen++;
		else
			other++;
	}
	if (d)
		closedir(d);
	CHECK(seen[0] == 1 && seen[1] == 1 && seen[2] == 1, "/proc/self/fd lists 0, 1 and 2");
	CHECK(self_seen == 1, "/proc/self/fd lists the directory fd");
	CHECK(other == 0 && n == 4, "/proc/self/fd lists nothing else");

	fd = open("/t", O_RDONLY | O_DIRECTORY);
	CHECK(fd == 3, "the first open returns fd 3");
	CHECK(dup2(fd, 1000) == 1000, "dup2 to 1000");
	CHECK(fcntl(fd, F_DUPFD, 0) == 4, "F_DUPFD gives the lowest free fd, 4");
	close(4);
	close(1000);
	close(fd);
	CHECK(first_open(3, 1024) == -1, "all closed again");
	return 0;
}
