/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * execveat(): AT_EMPTY_PATH on an fd of the binary (O_RDONLY and O_PATH),
 * dirfd-relative paths, fexecve(), AT_SYMLINK_NOFOLLOW and error cases.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "check.h"

#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH 0x1000
#endif

static char *env[] = { "EXECVEAT=1", NULL };

static long sys_execveat(int dirfd, const char *path, char **argv, char **envp, int flags)
{
	return syscall(SYS_execveat, dirfd, path, argv, envp, flags);
}

/* run an exec attempt in a child; returns 0 if stage 2 ran with the given tag */
static int run_child(int dirfd, const char *path, int flags, int use_fexecve, const char *tag)
{
	char *args[] = { "execveat", "stage2", (char *)tag, NULL };
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		if (use_fexecve)
			fexecve(dirfd, args, env);
		else
			sys_execveat(dirfd, path, args, env, flags);
		_exit(100 + errno);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	if (!WIFEXITED(status))
		return -2;
	return WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
	char self[4096];
	char *args[] = { "x", NULL };
	int fd, pfd, dfd, fd_cloexec;
	ssize_t n;

	if (argc == 3 && strcmp(argv[1], "stage2") == 0) {
		const char *e = getenv("EXECVEAT");

		return e && strcmp(e, "1") == 0 ? 0 : 1;
	}

	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	CHECK(n > 0, "readlink /proc/self/exe");
	self[n > 0 ? n : 0] = 0;

	fd = open(self, O_RDONLY);
	CHECK(fd >= 0, "open own binary O_RDONLY");
	CHECK(run_child(fd, "", AT_EMPTY_PATH, 0, "rdonly") == 0,
	      "execveat(fd, \"\", AT_EMPTY_PATH) runs the binary");

	pfd = open(self, O_PATH);
	CHECK(pfd >= 0, "open own binary O_PATH");
	CHECK(run_child(pfd, "", AT_EMPTY_PATH, 0, "opath") == 0,
	      "execveat on an O_PATH fd with AT_EMPTY_PATH");

	fd_cloexec = open(self, O_RDONLY | O_CLOEXEC);
	CHECK(run_child(fd_cloexec, "", AT_EMPTY_PATH, 0, "cloexec") == 0,
	      "execveat on an O_CLOEXEC fd of an ELF binary works");

	CHECK(run_child(fd, NULL, 0, 1, "fexecve") == 0, "fexecve(fd)");

	CHECK(symlink(self, "selflink") == 0, "symlink to own binary in cwd");
	dfd = open(".", O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0, "open cwd as directory fd");
	CHECK(run_child(dfd, "selflink", 0, 0, "rel") == 0, "execveat(dirfd, relative path)");
	CHECK(run_child(AT_FDCWD, "./selflink", 0, 0, "cwd") == 0, "execveat(AT_FDCWD, path)");
	CHECK(run_child(-1, self, 0, 0, "abs") == 0, "absolute path ignores dirfd");
	CHECK(run_child(dfd, "selflink", AT_SYMLINK_NOFOLLOW, 0, "nofollow") == 100 + ELOOP,
	      "AT_SYMLINK_NOFOLLOW on a symlink -> ELOOP");

	/* errors, returned to the caller */
	CHECK_ERR(sys_execveat(fd, "", args, env, 0), ENOENT,
		  "empty path without AT_EMPTY_PATH -> ENOENT");
	CHECK_ERR(sys_execveat(dfd, "selflink", args, env, 0x1), EINVAL, "unknown flag -> EINVAL");
	CHECK_ERR(sys_execveat(999, "selflink", args, env, 0), EBADF, "bad dirfd -> EBADF");
	CHECK_ERR(sys_execveat(999, "", args, env, AT_EMPTY_PATH), EBADF,
		  "bad fd with AT_EMPTY_PATH -> EBADF");
	CHECK_ERR(sys_execveat(fd, "selflink", args, env, 0), ENOTDIR,
		  "relative path with non-directory dirfd -> ENOTDIR");
	CHECK_ERR(sys_execveat(dfd, "", args, env, AT_EMPTY_PATH), EACCES,
		  "AT_EMPTY_PATH on a directory -> EACCES");
	CHECK_ERR(sys_execveat(dfd, "nothere", args, env, 0), ENOENT, "missing file -> ENOENT");

	close(fd);
	close(pfd);
	close(fd_cloexec);
	close(dfd);
	unlink("selflink");
	return 0;
}
