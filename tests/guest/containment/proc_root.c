/* tags: sandbox-only */
/* SPDX-License-Identifier: MIT */
/*
 * /proc/<pid>/root, cwd and exe show guest paths: the root link reads "/",
 * and going through /proc/self/root (also with "..") stays in the guest root.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "check.h"

#define MAX_NAMES 512

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted, newline-separated entry names of d (without . and ..); closes d. */
static int list_dir(DIR *d, char *buf, size_t size)
{
	char *names[MAX_NAMES];
	struct dirent *e;
	size_t off = 0;
	int n = 0, i;

	buf[0] = '\0';
	if (!d)
		return -1;
	while ((e = readdir(d)) && n < MAX_NAMES) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_str);
	for (i = 0; i < n; i++) {
		if (off < size)
			off += snprintf(buf + off, size - off, "%s\n", names[i]);
		free(names[i]);
	}
	return n;
}

static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	if (stat(a, &sa) || stat(b, &sb))
		return 0;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static char *read_link(const char *path, char *buf, size_t size)
{
	ssize_t n = readlink(path, buf, size - 1);

	if (n < 0)
		return NULL;
	buf[n] = '\0';
	return buf;
}

static char root_list[65536], other[65536];

int main(void)
{
	char buf[PATH_MAX], cwd[PATH_MAX], path[64];
	int p[2], fd;
	pid_t pid;
	int status;

	CHECK(list_dir(opendir("/"), root_list, sizeof(root_list)) > 0, "list /");
	CHECK(read_link("/proc/self/root", buf, sizeof(buf)) && strcmp(buf, "/") == 0,
	      "readlink /proc/self/root is /");
	CHECK(getpid() == 1, "the test runs as pid 1");
	CHECK(read_link("/proc/1/root", buf, sizeof(buf)) && strcmp(buf, "/") == 0,
	      "readlink /proc/1/root is /");
	snprintf(path, sizeof(path), "/proc/%d/root", (int)getpid());
	CHECK(read_link(path, buf, sizeof(buf)) && strcmp(buf, "/") == 0,
	      "readlink /proc/<own pid>/root is /");

	CHECK(getcwd(cwd, sizeof(cwd)) != NULL, "getcwd");
	CHECK(read_link("/proc/self/cwd", buf, sizeof(buf)) && strcmp(buf, cwd) == 0,
	      "readlink /proc/self/cwd equals getcwd");
	CHECK(strncmp(cwd, "/scratch/", 9) == 0, "cwd is under /scratch");
	CHECK(read_link("/proc/self/exe", buf, sizeof(buf)) &&
		      strncmp(buf, "/t/containment/proc_root.", 25) == 0,
	      "readlink /proc/self/exe is the guest path /t/containment/proc_root.*");

	list_dir(opendir("/proc/self/root"), other, sizeof(other));
	CHECK(strcmp(root_list, other) == 0, "listing of /proc/self/root equals /");
	list_dir(opendir("/proc/self/root/.."), other, sizeof(other));
	CHECK(strcmp(root_list, other) == 0, "listing of /proc/self/root/.. equals /");
	list_dir(opendir("/proc/self/root/../../.."), other, sizeof(other));
	CHECK(strcmp(root_list, other) == 0, "listing of /proc/self/root/../../.. equals /");
	list_dir(opendir("/proc/1/root/.."), other, sizeof(other));
	CHECK(strcmp(root_list, other) == 0, "listing of /proc/1/root/.. equals /");
	CHECK(same_file("/proc/self/root/t", "/t"), "/proc/self/root/t is /t");
	CHECK(same_file("/proc/self/root/../t", "/t"), "/proc/self/root/../t is /t");
	CHECK(same_file("/proc/self/cwd", "."), "/proc/self/cwd is .");
	CHECK(same_file("/proc/self/cwd/../..", "/"), "/proc/self/cwd/../.. is /");

	fd = open("/proc/self/root", O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0, "open /proc/self/root");
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	CHECK(read_link(path, buf, sizeof(buf)) && strcmp(buf, "/") == 0,
	      "the fd of /proc/self/root reads as /");
	CHECK(fchdir(fd) == 0 && chdir("..") == 0 && getcwd(buf, sizeof(buf)) &&
		      strcmp(buf, "/") == 0,
	      "fchdir to it and chdir .. gives cwd /");
	close(fd);
	fd = open("/t", O_RDONLY | O_DIRECTORY);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	CHECK(read_link(path, buf, sizeof(buf)) && strcmp(buf, "/t") == 0,
	      "an fd of /t reads as /t");
	close(fd);

	/* a child's links, read by the parent */
	CHECK(pipe(p) == 0, "pipe");
	pid = fork();
	if (pid == 0) {
		char c;

		close(p[1]);
		if (chdir("/t") == 0)
			read(p[0], &c, 1);
		_exit(0);
	}
	CHECK(pid > 0, "fork");
	close(p[0]);
	snprintf(path, sizeof(path), "/proc/%d/root", (int)pid);
	CHECK(read_link(path, buf, sizeof(buf)) && strcmp(buf, "/") == 0,
	      "readlink /proc/<child>/root is /");
	snprintf(path, sizeof(path), "/proc/%d/root/..", (int)pid);
	list_dir(opendir(path), other, sizeof(other));
	CHECK(strcmp(root_list, other) == 0, "listing of /proc/<child>/root/.. equals /");
	snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
	CHECK(read_link(path, buf, sizeof(buf)) && strncmp(buf, "/t/", 3) == 0,
	      "readlink /proc/<child>/exe is a guest path");
	close(p[1]);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "child exits 0");
	return 0;
}
