/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * execve() failures return to the caller with the right errno: ENOENT,
 * EACCES, ENOEXEC, ENOTDIR, ELOOP, ENAMETOOLONG, E2BIG, EFAULT.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "check.h"

static char *args[] = { "x", NULL };
static char *env[] = { NULL };

static int make_file(const char *name, const void *data, size_t len, mode_t mode)
{
	int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0)
		return -1;
	if (write(fd, data, len) != (ssize_t)len) {
		close(fd);
		return -1;
	}
	close(fd);
	return chmod(name, mode);
}

int main(void)
{
	static const char elf_trunc[16] = "\177ELF\2\1\1";
	char *long_path, *big_arg;

	CHECK_ERR(execve("./does-not-exist", args, env), ENOENT, "missing file -> ENOENT");
	CHECK_ERR(execve("", args, env), ENOENT, "empty path -> ENOENT");
	CHECK_ERR(execve("nodir/prog", args, env), ENOENT, "missing directory -> ENOENT");

	CHECK(make_file("noexec", "#!/bin/sh\nexit 0\n", 17, 0644) == 0, "create 0644 file");
	CHECK_ERR(execve("./noexec", args, env), EACCES, "file without x bits -> EACCES");

	CHECK(mkdir("adir", 0755) == 0, "mkdir");
	CHECK_ERR(execve("./adir", args, env), EACCES, "directory -> EACCES");

	CHECK(make_file("garbage", "this is not a program\n", 22, 0755) == 0,
	      "create garbage 0755 file");
	CHECK_ERR(execve("./garbage", args, env), ENOEXEC, "garbage file -> ENOEXEC");

	CHECK(make_file("empty", "", 0, 0755) == 0, "create empty 0755 file");
	CHECK_ERR(execve("./empty", args, env), ENOEXEC, "empty file -> ENOEXEC");

	CHECK(make_file("elftrunc", elf_trunc, sizeof(elf_trunc), 0755) == 0,
	      "create truncated ELF header");
	CHECK_ERR(execve("./elftrunc", args, env), ENOEXEC, "truncated ELF -> ENOEXEC");

	CHECK(make_file("badinterp", "#!/nonexistent/interp\n", 22, 0755) == 0,
	      "create script with missing interpreter");
	CHECK_ERR(execve("./badinterp", args, env), ENOENT,
		  "script with missing interpreter -> ENOENT");

	CHECK_ERR(execve("./garbage/x", args, env), ENOTDIR, "file used as directory -> ENOTDIR");

	CHECK(symlink("loop-b", "loop-a") == 0 && symlink("loop-a", "loop-b") == 0,
	      "create symlink loop");
	CHECK_ERR(execve("./loop-a", args, env), ELOOP, "symlink loop -> ELOOP");

	long_path = malloc(8192);
	memset(long_path, 'a', 8191);
	long_path[8191] = 0;
	CHECK_ERR(execve(long_path, args, env), ENAMETOOLONG, "8191-byte path -> ENAMETOOLONG");
	memset(long_path, 'a', 300);
	long_path[300] = 0;
	CHECK_ERR(execve(long_path, args, env), ENAMETOOLONG,
		  "300-byte component -> ENAMETOOLONG");
	free(long_path);

	/* one argument longer than MAX_ARG_STRLEN (32 pages) */
	big_arg = malloc(200000);
	memset(big_arg, 'b', 199999);
	big_arg[199999] = 0;
	{
		char *bargs[] = { "x", big_arg, NULL };

		CHECK_ERR(execve("/proc/self/exe", bargs, env), E2BIG,
			  "argument over 128 KiB -> E2BIG");
	}
	free(big_arg);

	CHECK_ERR(syscall(SYS_execve, NULL, args, env), EFAULT, "NULL path -> EFAULT");
	CHECK_ERR(syscall(SYS_execve, "/proc/self/exe", (char **)8, env), EFAULT,
		  "bad argv pointer -> EFAULT");
	CHECK_ERR(syscall(SYS_execve, "/proc/self/exe", args, (char **)8), EFAULT,
		  "bad envp pointer -> EFAULT");
	{
		char *badargs[] = { "x", (char *)8, NULL };

		CHECK_ERR(syscall(SYS_execve, "/proc/self/exe", badargs, env), EFAULT,
			  "bad argv string -> EFAULT");
	}

	/* still the same process, all files intact */
	CHECK(access("garbage", F_OK) == 0, "process continues after failures");
	unlink("noexec");
	unlink("garbage");
	unlink("empty");
	unlink("elftrunc");
	unlink("badinterp");
	unlink("loop-a");
	unlink("loop-b");
	rmdir("adir");
	return 0;
}
