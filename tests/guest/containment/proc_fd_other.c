/* tags: sandbox-only */
/* SPDX-License-Identifier: MIT */
/*
 * A forked child opens a file; the parent reads /proc/<child>/fd/<n>. The
 * link text names the guest path (not the host path of the file), and
 * opening the link gives the child's file.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "check.h"

static char *read_link(const char *path, char *buf, size_t size)
{
	ssize_t n = readlink(path, buf, size - 1);

	if (n < 0)
		return NULL;
	buf[n] = '\0';
	return buf;
}

int main(void)
{
	static const char content[] = "written by the child\n";
	char cwd[PATH_MAX], want[PATH_MAX + 32], buf[PATH_MAX], path[64];
	int ready[2], done[2], fds[3], fd, status;
	struct stat st_link, st_file;
	ssize_t n;
	pid_t pid;

	CHECK(getcwd(cwd, sizeof(cwd)) != NULL, "getcwd");
	CHECK(pipe(ready) == 0 && pipe(done) == 0, "pipes");
	pid = fork();
	if (pid == 0) {
		char c;

		close(ready[0]);
		close(done[1]);
		fds[0] = open("child_file", O_RDWR | O_CREAT | O_TRUNC, 0644);
		if (fds[0] < 0 || write(fds[0], content, sizeof(content) - 1) < 0)
			_exit(2);
		fds[1] = open("/t", O_RDONLY | O_DIRECTORY);
		fds[2] = done[0];
		if (write(ready[1], fds, sizeof(fds)) != sizeof(fds))
			_exit(3);
		read(done[0], &c, 1);
		_exit(0);
	}
	CHECK(pid > 0, "fork");
	close(ready[1]);
	close(done[0]);
	n = read(ready[0], fds, sizeof(fds));
	CHECK(n == sizeof(fds) && fds[0] >= 0 && fds[1] >= 0, "child opened its files");
	if (n != sizeof(fds)) {
		kill(pid, SIGKILL);
		return 1;
	}

	snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)pid, fds[0]);
	CHECK(read_link(path, buf, sizeof(buf)) != NULL, "readlink /proc/<child>/fd/<file>");
	CHECK(buf[0] == '/', "the link text is an absolute path");
	snprintf(want, sizeof(want), "%s/child_file", cwd);
	CHECK(strcmp(buf, want) == 0, "the link text is the guest path <cwd>/child_file");
	CHECK(stat(buf, &st_file) == 0, "the link text names an existing guest file");
	fd = open(path, O_RDONLY);
	CHECK(fd >= 0, "open /proc/<child>/fd/<file>");
	n = fd >= 0 ? pread(fd, buf, sizeof(buf), 0) : -1;
	CHECK(n == (ssize_t)sizeof(content) - 1 && memcmp(buf, content, n) == 0,
	      "it reads what the child wrote");
	CHECK(fd >= 0 && fstat(fd, &st_link) == 0 && stat("child_file", &st_file) == 0 &&
		      st_link.st_ino == st_file.st_ino && st_link.st_dev == st_file.st_dev,
	      "it is ./child_file");
	if (fd >= 0)
		close(fd);

	snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)pid, fds[1]);
	CHECK(read_link(path, buf, sizeof(buf)) && strcmp(buf, "/t") == 0,
	      "the child's directory fd reads as /t");
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)pid, fds[2]);
	CHECK(read_link(path, buf, sizeof(buf)) && strncmp(buf, "pipe:[", 6) == 0,
	      "the child's pipe fd reads as pipe:[...]");
	snprintf(path, sizeof(path), "/proc/%d/cwd", (int)pid);
	CHECK(read_link(path, buf, sizeof(buf)) && strcmp(buf, cwd) == 0,
	      "readlink /proc/<child>/cwd is the guest cwd");
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)pid, 999);
	CHECK_ERR(readlink(path, buf, sizeof(buf)), ENOENT, "an fd the child lacks is ENOENT");

	close(done[1]);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "child exits 0");
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)pid, fds[0]);
	CHECK(readlink(path, buf, sizeof(buf)) < 0, "the link is gone after the child is reaped");
	unlink("child_file");
	return 0;
}
