/* tags: proc */
/* SPDX-License-Identifier: MIT */
/*
 * /proc/self: the self link, exe, cmdline, environ, comm, status, stat, fd,
 * fdinfo, cwd and root agree with what the process knows about itself.
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include "check.h"

extern char **environ;

/* Reads a whole file; returns its length or -1. buf is NUL-terminated. */
static ssize_t slurp(const char *path, char *buf, size_t size)
{
	ssize_t n, total = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while ((size_t)total < size - 1 && (n = read(fd, buf + total, size - 1 - total)) > 0)
		total += n;
	close(fd);
	buf[total] = 0;
	return total;
}

static ssize_t rlink(const char *path, char *buf, size_t size)
{
	ssize_t n = readlink(path, buf, size - 1);

	buf[n < 0 ? 0 : n] = 0;
	return n;
}

/* Value of "Key:" in a status file, as a pointer to its first non-blank. */
static const char *status_field(const char *status, const char *key)
{
	size_t kl = strlen(key);
	const char *p = status;

	while (p && *p) {
		if (strncmp(p, key, kl) == 0 && p[kl] == ':') {
			p += kl + 1;
			while (*p == ' ' || *p == '\t')
				p++;
			return p;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Concatenates NUL-terminated strings from vec into buf; returns the length. */
static size_t join(char *const *vec, char *buf, size_t size)
{
	size_t n = 0, l;

	for (; *vec; vec++) {
		l = strlen(*vec) + 1;
		if (n + l > size)
			return (size_t)-1;
		memcpy(buf + n, *vec, l);
		n += l;
	}
	return n;
}

static char buf[65536], want[65536];

int main(int argc, char **argv)
{
	char *const *initial_env = environ;
	char path[PATH_MAX], cwd[PATH_MAX], expect_comm[32];
	const char *base, *v, *rp;
	struct stat a, b;
	struct dirent *de;
	int fd, saw[4] = { 0 }, n;
	ssize_t len;
	size_t wl;
	DIR *d;

	/* Snapshot what environ looked like at startup before anything changes it. */
	wl = join(initial_env, want, sizeof(want));
	len = slurp("/proc/self/environ", buf, sizeof(buf));
	CHECK(len >= 0, "read /proc/self/environ");
	CHECK(wl != (size_t)-1 && (size_t)len == wl && memcmp(buf, want, wl) == 0,
	      "/proc/self/environ is the initial environment");
	setenv("UKERN_PROC_SELF_TEST", "1", 1);
	len = slurp("/proc/self/environ", buf, sizeof(buf));
	CHECK(len >= 0 && (size_t)len == wl && memcmp(buf, want, wl) == 0,
	      "setenv does not change /proc/self/environ");

	snprintf(path, sizeof(path), "%d", (int)getpid());
	CHECK(rlink("/proc/self", buf, sizeof(buf)) > 0 && strcmp(buf, path) == 0,
	      "/proc/self links to our pid");
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)getpid());
	CHECK(stat(path, &a) == 0 && stat("/proc/self/stat", &b) == 0,
	      "/proc/<pid>/stat and /proc/self/stat exist");

	/* exe */
	base = strrchr(argv[0], '/');
	base = base ? base + 1 : argv[0];
	CHECK(rlink("/proc/self/exe", buf, sizeof(buf)) > 0, "readlink /proc/self/exe");
	CHECK(buf[0] == '/', "exe is an absolute path");
	snprintf(path, sizeof(path), "/%s", base);
	CHECK(ends_with(buf, path), "exe ends with the program's name");
	CHECK(stat("/proc/self/exe", &a) == 0 && stat(buf, &b) == 0 && a.st_ino == b.st_ino &&
		      a.st_dev == b.st_dev,
	      "stat of /proc/self/exe is the file it links to");

	/* cmdline */
	wl = join(argv, want, sizeof(want));
	len = slurp("/proc/self/cmdline", buf, sizeof(buf));
	CHECK(len > 0 && (size_t)len == wl && memcmp(buf, want, wl) == 0,
	      "/proc/self/cmdline is argv, NUL-separated");
	CHECK(argc >= 1, "argc");

	/* comm: the first 15 bytes of the executable's name. */
	snprintf(expect_comm, sizeof(expect_comm), "%.15s\n", base);
	CHECK(slurp("/proc/self/comm", buf, sizeof(buf)) > 0 && strcmp(buf, expect_comm) == 0,
	      "/proc/self/comm is the truncated program name");
	{
		char name[17] = { 0 };

		CHECK(prctl(PR_GET_NAME, name) == 0 && strlen(name) == strlen(expect_comm) - 1 &&
			      strncmp(name, expect_comm, strlen(name)) == 0,
		      "PR_GET_NAME agrees with comm");
	}

	/* status */
	CHECK(slurp("/proc/self/status", buf, sizeof(buf)) > 0, "read /proc/self/status");
	v = status_field(buf, "Name");
	CHECK(v && strncmp(v, expect_comm, strlen(expect_comm)) == 0, "status Name: is comm");
	v = status_field(buf, "State");
	CHECK(v && *v == 'R', "status State: is R for a running reader");
	v = status_field(buf, "Tgid");
	CHECK(v && atoi(v) == getpid(), "status Tgid: is getpid()");
	v = status_field(buf, "Pid");
	CHECK(v && atoi(v) == getpid(), "status Pid: is getpid()");
	v = status_field(buf, "PPid");
	CHECK(v && atoi(v) == getppid(), "status PPid: is getppid()");
	v = status_field(buf, "Uid");
	CHECK(v && atoi(v) == (int)getuid(), "status Uid: starts with getuid()");
	v = status_field(buf, "Gid");
	CHECK(v && atoi(v) == (int)getgid(), "status Gid: starts with getgid()");
	v = status_field(buf, "Threads");
	CHECK(v && atoi(v) == 1, "status Threads: is 1");

	/* stat: "pid (comm) state ppid ..." */
	CHECK(slurp("/proc/self/stat", buf, sizeof(buf)) > 0, "read /proc/self/stat");
	CHECK(atoi(buf) == getpid(), "stat field 1 is getpid()");
	rp = strrchr(buf, ')');
	v = strchr(buf, '(');
	CHECK(v && rp && (size_t)(rp - v - 1) == strlen(expect_comm) - 1 &&
		      strncmp(v + 1, expect_comm, rp - v - 1) == 0,
	      "stat field 2 is (comm)");
	CHECK(rp && rp[1] == ' ' && strchr("RSDZTtXxKWPI", rp[2]) && rp[3] == ' ',
	      "stat field 3 is a state letter");
	CHECK(rp && rp[2] == 'R', "state is R");
	CHECK(rp && atoi(rp + 4) == getppid(), "stat field 4 is getppid()");

	/* PR_SET_NAME shows in comm, status and stat. */
	CHECK(prctl(PR_SET_NAME, "renamed-thread") == 0, "PR_SET_NAME");
	len = slurp("/proc/self/comm", buf, sizeof(buf));
	CHECK(len > 0 && strcmp(buf, "renamed-thread\n") == 0, "comm shows the new name");
	slurp("/proc/self/stat", buf, sizeof(buf));
	CHECK(strstr(buf, " (renamed-thread) ") != NULL, "stat shows the new name");
	slurp("/proc/self/status", buf, sizeof(buf));
	v = status_field(buf, "Name");
	CHECK(v && strncmp(v, "renamed-thread\n", 15) == 0, "status shows the new name");

	/* fd directory and links. */
	fd = open("probe-file", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0 && write(fd, "hello", 5) == 5, "create probe-file");
	d = opendir("/proc/self/fd");
	CHECK(d != NULL, "opendir /proc/self/fd");
	n = 0;
	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		n++;
		if (atoi(de->d_name) >= 0 && atoi(de->d_name) <= 2)
			saw[atoi(de->d_name)] = 1;
		if (atoi(de->d_name) == fd)
			saw[3] = 1;
	}
	if (d)
		closedir(d);
	CHECK(saw[0] && saw[1] && saw[2], "/proc/self/fd lists 0, 1 and 2");
	CHECK(saw[3], "/proc/self/fd lists the opened fd");
	CHECK(n >= 5, "/proc/self/fd lists the directory's own fd too");
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL, "getcwd");
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	snprintf(want, sizeof(want), "%s/probe-file", strcmp(cwd, "/") ? cwd : "");
	CHECK(rlink(path, buf, sizeof(buf)) > 0 && strcmp(buf, want) == 0,
	      "fd link is the file's absolute path");
	CHECK(stat(path, &a) == 0 && fstat(fd, &b) == 0 && a.st_ino == b.st_ino &&
		      a.st_size == 5,
	      "stat through the fd link reaches the file");
	{
		int fd2 = open(path, O_RDONLY);
		char c[6] = { 0 };

		CHECK(fd2 >= 0 && read(fd2, c, 5) == 5 && strcmp(c, "hello") == 0,
		      "opening the fd link opens the file afresh at offset 0");
		if (fd2 >= 0)
			close(fd2);
	}
	lseek(fd, 3, SEEK_SET);
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	CHECK(slurp(path, buf, sizeof(buf)) > 0, "read fdinfo");
	v = status_field(buf, "pos");
	CHECK(v && atoi(v) == 3, "fdinfo pos: is the file offset");
	v = status_field(buf, "flags");
	CHECK(v && (strtol(v, NULL, 8) & O_ACCMODE) == O_RDWR, "fdinfo flags: has O_RDWR");
	CHECK_ERR(readlink("/proc/self/fd/999", buf, sizeof(buf)), ENOENT,
		  "link for a closed fd is ENOENT");
	close(fd);
	unlink("probe-file");

	/* cwd and root. */
	CHECK(rlink("/proc/self/cwd", buf, sizeof(buf)) > 0 && strcmp(buf, cwd) == 0,
	      "/proc/self/cwd is getcwd()");
	CHECK(mkdir("sub", 0755) == 0 && chdir("sub") == 0, "chdir into a subdirectory");
	snprintf(want, sizeof(want), "%s/sub", strcmp(cwd, "/") ? cwd : "");
	CHECK(rlink("/proc/self/cwd", buf, sizeof(buf)) > 0 && strcmp(buf, want) == 0,
	      "/proc/self/cwd follows chdir");
	CHECK(chdir("..") == 0 && rmdir("sub") == 0, "back and remove it");
	CHECK(rlink("/proc/self/root", buf, sizeof(buf)) > 0 && strcmp(buf, "/") == 0,
	      "/proc/self/root is /");
	return 0;
}
