/* tags: fork proc */
/* SPDX-License-Identifier: MIT */
/*
 * umask(2): returns the previous mask (the inherited one is never printed),
 * keeps only 0777, applies to open/mkdir/mknod/mkfifo but not chmod, is
 * inherited by children, and shows in /proc/self/status.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static unsigned int mode_of(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 ? st.st_mode & 07777 : 0xffffffff;
}

/* Reads the Umask: line of /proc/self/status, or -1. */
static int proc_umask(void)
{
	char line[256];
	unsigned int m;
	int found = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Umask: %o", &m) == 1)
			found = (int)m;
	fclose(f);
	return found;
}

int main(void)
{
	mode_t old;
	int fd, st;
	pid_t pid;

	umask(022);
	old = umask(027);
	CHECK(old == 022, "umask returns the previous mask 022");
	CHECK(umask(027) == 027, "umask returns 027");

	fd = open("f", O_CREAT | O_WRONLY, 0666);
	close(fd);
	CHECK(mode_of("f") == 0640, "file 0666 under 027 is 0640");
	CHECK(mkdir("d", 0777) == 0 && mode_of("d") == 0750, "dir 0777 under 027 is 0750");
	CHECK(mknod("fifo", S_IFIFO | 0666, 0) == 0 && mode_of("fifo") == 0640,
	      "fifo 0666 under 027 is 0640");
	CHECK(mkfifo("fifo2", 0622) == 0 && mode_of("fifo2") == 0600, "mkfifo 0622 under 027");
	CHECK(chmod("f", 0777) == 0 && mode_of("f") == 0777, "chmod ignores umask");
	fd = open("f", O_CREAT | O_WRONLY, 0600);
	close(fd);
	CHECK(mode_of("f") == 0777, "opening an existing file keeps its mode");

	/* Only the permission bits are kept. */
	umask(07777);
	CHECK(umask(0) == 0777, "umask keeps only 0777 bits");
	fd = open("g", O_CREAT | O_WRONLY, 04777);
	close(fd);
	CHECK(mode_of("g") == 04777, "umask 0 keeps setuid from the open mode");
	umask(0777);
	fd = open("h", O_CREAT | O_WRONLY, 0666);
	CHECK(fd >= 0 && mode_of("h") == 0, "umask 0777 creates a mode-0 file");
	CHECK(write(fd, "x", 1) == 1, "still writable through the creating fd");
	close(fd);

	/* /proc/self/status. */
	umask(0123);
	CHECK(proc_umask() == 0123, "/proc/self/status shows Umask 0123");

	/* Inherited by children; a child's change stays in the child. */
	pid = fork();
	if (pid == 0) {
		int ok = umask(0) == 0123;

		_exit(ok ? 0 : 1);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "child inherits umask 0123");
	CHECK(umask(022) == 0123, "parent's umask unaffected by child");

	unlink("f");
	unlink("g");
	unlink("h");
	unlink("fifo");
	unlink("fifo2");
	rmdir("d");
	return 0;
}
