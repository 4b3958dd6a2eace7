/* tags: fork */
/* SPDX-License-Identifier: MIT */
/*
 * getcwd/chdir/fchdir: relative paths follow the cwd, getcwd suffixes (never
 * the host-dependent prefix), ERANGE, a deleted cwd, and ENOTDIR/ENOENT/EBADF.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static char start[PATH_MAX];

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* getcwd() with the starting directory's path replaced by "<start>". */
static const char *rel_cwd(void)
{
	static char buf[PATH_MAX], out[PATH_MAX];
	size_t n = strlen(start);

	if (!getcwd(buf, sizeof(buf)))
		return "(error)";
	if (strncmp(buf, start, n) == 0 && (buf[n] == 0 || buf[n] == '/')) {
		snprintf(out, sizeof(out), "<start>%s", buf + n);
		return out;
	}
	return buf;
}

int main(void)
{
	char buf[PATH_MAX], small[4];
	struct stat st, st2;
	int home, fd, len;
	long r;

	CHECK(getcwd(start, sizeof(start)) == start, "getcwd");
	CHECK(start[0] == '/', "cwd is absolute");
	CHECK(stat(start, &st) == 0 && stat(".", &st2) == 0 && st.st_ino == st2.st_ino &&
		      st.st_dev == st2.st_dev,
	      "getcwd names the current directory");
	len = strlen(start);
	r = syscall(SYS_getcwd, buf, sizeof(buf));
	CHECK(r == len + 1, "raw getcwd returns length including NUL");
	home = open(".", O_RDONLY | O_DIRECTORY);

	CHECK(mkdir("a", 0755) == 0 && mkdir("a/b", 0755) == 0, "mkdir a/b");
	close(open("a/b/file", O_CREAT | O_WRONLY, 0644));
	CHECK(chdir("a/b") == 0, "chdir a/b");
	printf("cwd: %s\n", rel_cwd());
	CHECK(access("file", F_OK) == 0, "relative paths resolve from new cwd");
	CHECK(chdir("..") == 0, "chdir ..");
	printf("cwd: %s\n", rel_cwd());
	CHECK(chdir("./b/../b/.") == 0, "chdir with . and ..");
	printf("cwd: %s\n", rel_cwd());
	CHECK(fchdir(home) == 0, "fchdir back");
	printf("cwd: %s\n", rel_cwd());
	CHECK(symlink("a/b", "lnk") == 0 && chdir("lnk") == 0, "chdir through a symlink");
	printf("cwd: %s\n", rel_cwd());
	CHECK(fchdir(home) == 0, "fchdir back");

	/* Root. */
	CHECK(chdir("/") == 0 && getcwd(buf, sizeof(buf)) && strcmp(buf, "/") == 0,
	      "chdir / gives \"/\"");
	CHECK(chdir("..") == 0 && getcwd(buf, sizeof(buf)) && strcmp(buf, "/") == 0,
	      "chdir .. at / stays at /");
	r = syscall(SYS_getcwd, buf, 2);
	CHECK(r == 2 && strcmp(buf, "/") == 0, "raw getcwd of / into a 2-byte buffer");
	CHECK(fchdir(home) == 0, "fchdir back");

	/* ERANGE. */
	CHECK(getcwd(small, 1) == NULL && errno == ERANGE, "getcwd 1-byte buffer fails ERANGE");
	CHECK_ERR(syscall(SYS_getcwd, buf, len), ERANGE, "buffer one byte short fails ERANGE");
	CHECK(syscall(SYS_getcwd, buf, len + 1) == len + 1, "exact-size buffer works");
	CHECK_ERR(syscall(SYS_getcwd, buf, 0), ERANGE, "raw getcwd size 0 fails ERANGE");
	CHECK(getcwd(buf, 0) == NULL && errno == EINVAL, "libc getcwd(buf, 0) fails EINVAL");
	CHECK_ERR(syscall(SYS_getcwd, (void *)1, sizeof(buf)), EFAULT, "bad buffer fails EFAULT");
	{
		char *p = getcwd(NULL, 0);

		CHECK(p && strcmp(p, start) == 0, "getcwd(NULL, 0) allocates");
		free(p);
	}

	/* chdir errors. */
	CHECK_ERR(chdir("missing"), ENOENT, "chdir missing fails ENOENT");
	CHECK_ERR(chdir("a/b/file"), ENOTDIR, "chdir to a file fails ENOTDIR");
	CHECK_ERR(chdir(""), ENOENT, "chdir empty path fails ENOENT");
	CHECK_ERR(syscall(SYS_chdir, (char *)1), EFAULT, "chdir bad pointer fails EFAULT");
	fd = open("a/b/file", O_RDONLY);
	CHECK_ERR(fchdir(fd), ENOTDIR, "fchdir to a file fails ENOTDIR");
	close(fd);
	CHECK_ERR(fchdir(-1), EBADF, "fchdir bad fd fails EBADF");
	fd = open("a", O_PATH | O_DIRECTORY);
	CHECK(fchdir(fd) == 0 && ends_with(rel_cwd(), "/a"), "fchdir to an O_PATH dir fd");
	close(fd);
	CHECK(fchdir(home) == 0, "fchdir back");

	/* A deleted cwd. */
	CHECK(mkdir("gone", 0755) == 0 && chdir("gone") == 0, "chdir into gone");
	CHECK(rmdir("../gone") == 0, "remove the cwd");
	CHECK(getcwd(buf, sizeof(buf)) == NULL && errno == ENOENT, "getcwd fails ENOENT");
	CHECK_ERR(syscall(SYS_getcwd, buf, sizeof(buf)), ENOENT, "raw getcwd fails ENOENT");
	CHECK_ERR(open("new", O_CREAT | O_WRONLY, 0644), ENOENT, "creating in it fails ENOENT");
	CHECK(stat(".", &st) == 0 && S_ISDIR(st.st_mode), "stat . still works");
	CHECK(chdir("..") == 0 && strcmp(rel_cwd(), "<start>") == 0, "chdir .. gets back out");

	/* cwd is inherited and per-process. */
	CHECK(fchdir(home) == 0, "fchdir back");
	{
		pid_t pid = fork();
		int status;

		if (pid == 0)
			_exit(access("a/b/file", F_OK) == 0 && chdir("a") == 0 ? 0 : 1);
		CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
			      WEXITSTATUS(status) == 0,
		      "child inherits the cwd");
		CHECK(strcmp(rel_cwd(), "<start>") == 0, "child's chdir does not affect parent");
	}
	close(home);
	unlink("lnk");
	unlink("a/b/file");
	rmdir("a/b");
	rmdir("a");
	return 0;
}
